/**
 * Runs inside the real extension host in place of the test suite (`extensionTestsPath` points
 * at its bundle): activates PromptStack once, in a fresh host, and writes the timings to the
 * file named by PROMPTSTACK_BENCH_ACTIVATION_FILE for extension.bench.ts to read.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, type PromptStackApi } from '../../extension/src/api.ts';
import type { ActivationTiming } from '../../extension/src/extension.ts';
import { ACTIVATION_FILE_ENV, type ActivationSample } from './probeContract.ts';

/** Called by VS Code's test harness; rejects (host exits non-zero) when activation failed. */
export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<PromptStackApi & ActivationTiming>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in the extension host`);
  const wasActive = extension.isActive;
  const started = performance.now();
  const api = await extension.activate();
  const callerMs = performance.now() - started;
  await api.languageClientReady;
  const languageServerReadyMs = performance.now() - started - callerMs;
  const sample: ActivationSample = { activationMs: api.activationMs, languageServerStartMs: api.languageServerStartMs, callerMs, languageServerReadyMs, wasActive };
  const file = process.env[ACTIVATION_FILE_ENV];
  if (!file) throw new Error(`${ACTIVATION_FILE_ENV} is not set`);
  writeFileSync(file, JSON.stringify(sample));
}
