/** The result of a run that failed before any provider answered, for every caller that must report one. */
import type { Message } from 'dotprompt';
import type { ModelConfig } from '../providers/types.ts';
import type { RunError, RunResult } from './types.ts';

/** What is known of a run that never reached a provider. */
export interface UnsentRun {
  model: string;
  error: RunError;
  /** ISO time; now when absent. */
  startedAt?: string;
  /** The rendered messages, when rendering got that far. */
  messages?: Message[];
  config?: ModelConfig;
  /** Time spent before giving up (rendering, validation); 0 when absent. */
  durationMs?: number;
}

/** A run that failed before any provider call: no output, no tokens, no cost, no attempts. */
export function runFailedBeforeCall(run: UnsentRun): RunResult {
  return {
    status: 'error',
    output: '',
    messages: run.messages ?? [],
    model: run.model,
    config: run.config ?? {},
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    priced: false,
    latencyMs: 0,
    durationMs: run.durationMs ?? 0,
    startedAt: run.startedAt ?? new Date().toISOString(),
    attempts: 0,
    error: run.error,
  };
}
