/**
 * Runs a command as a child process under GNU time, so every side is measured the same way:
 * wall time, user+sys CPU of the process and every descendant it waited for, and peak RSS (the
 * kernel's ru_maxrss over the waited-for tree: the largest single process, not a sum).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** GNU time; Debian's `time` package. */
export const GNU_TIME = '/usr/bin/time';

/** What one measured run cost, and what it printed. */
export interface ProcessCost {
  code: number;
  wallMs: number;
  /** user + sys of the whole waited-for tree. */
  cpuMs: number;
  peakRssMiB: number;
  stdout: string;
  stderr: string;
}

/** Whether GNU time is installed (`apt-get install time` otherwise). */
export function canMeasureProcesses(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `command args` under GNU time with `env` added to ours; resolves when it exits. */
export function measureProcess(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ProcessCost> {
  const folder = mkdtempSync(join(tmpdir(), 'promptstack-time-'));
  const report = join(folder, 'time.txt');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // %U %S: user and sys seconds of the tree; %M: max RSS in KiB. Written to a file, not stderr,
    // so the child's own stderr stays its own.
    const child = spawn(GNU_TIME, ['-o', report, '-f', '%U %S %M', command, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      // GNU time prefixes "Command exited with non-zero status N" on its own line when it fails.
      const last = readFileSync(report, 'utf8').trim().split('\n').at(-1) ?? '';
      rmSync(folder, { recursive: true, force: true });
      const [user, sys, rssKiB] = last.split(' ').map(Number);
      resolve({ code: code ?? 1, wallMs, cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000, peakRssMiB: (rssKiB ?? NaN) / 1024, stdout, stderr });
    });
  });
}
