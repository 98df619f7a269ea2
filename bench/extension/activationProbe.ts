/**
 * Runs inside the real extension host in place of the test suite (`extensionTestsPath` points
 * at its bundle): activates PromptStack once, in a fresh host, and writes the timings to the
 * file named by PROMPTSTACK_BENCH_ACTIVATION_FILE for extension.bench.ts to read.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, type PromptStackApi } from '../../extension/src/api.ts';
import type { ActivationTiming } from '../../extension/src/extension.ts';
import { ACTIVATION_FILE_ENV, type ActivationSample } from './probeContract.ts';

/**
 * How long require() of the extension's main bundle takes, measured on a second, fresh load after
 * activation (the module cache entry dropped; the file is warm in the OS cache as it was for VS Code).
 */
function timeModuleLoad(extension: vscode.Extension<unknown>): number {
  const main = join(extension.extensionPath, (extension.packageJSON as { main: string }).main);
  const load = createRequire(__filename);
  delete load.cache[load.resolve(main)];
  const started = performance.now();
  load(main);
  return performance.now() - started;
}

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
  const sample: ActivationSample = {
    activationMs: api.activationMs,
    languageServerStartMs: api.languageServerStartMs,
    callerMs,
    languageServerReadyMs,
    moduleLoadMs: timeModuleLoad(extension),
    wasActive,
  };
  const file = process.env[ACTIVATION_FILE_ENV];
  if (!file) throw new Error(`${ACTIVATION_FILE_ENV} is not set`);
  writeFileSync(file, JSON.stringify(sample));
}
