/** Runs the built `promptstack` bin as CI would: a fresh process, its output and exit code collected. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built bin the tests run. */
export const BIN = fileURLToPath(new URL('../../bin/promptstack.js', import.meta.url));

/** How a run ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `promptstack <args>` in `cwd` with `env` (default: this process's), `stdin` written and closed. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string }): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env ?? process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
