/** The server's settings: one typed view over `initializationOptions`, read once at initialize. */
import type { PromptStackInitializationOptions } from './protocol.ts';

export interface ServerSettings {
  diagnosticsDelayMs: number;
  workerThresholdChars: number;
}

/** Defaults: long enough to skip most keystrokes, short enough to feel live. */
export const DEFAULT_SETTINGS: ServerSettings = { diagnosticsDelayMs: 200, workerThresholdChars: 65_536 };

/** Reads the client's options, ignoring anything missing or of the wrong type. */
export function readSettings(options: unknown): ServerSettings {
  const given = (typeof options === 'object' && options !== null ? options : {}) as PromptStackInitializationOptions;
  const nonNegative = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);
  return {
    diagnosticsDelayMs: nonNegative(given.diagnosticsDelayMs, DEFAULT_SETTINGS.diagnosticsDelayMs),
    workerThresholdChars: nonNegative(given.workerThresholdChars, DEFAULT_SETTINGS.workerThresholdChars),
  };
}
