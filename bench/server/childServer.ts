/**
 * Servers under load run in child processes, so the load generator's CPU (autocannon, in the
 * bench process) is never counted as theirs and each side has its own heap and event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A child process serving HTTP on `url`. */
export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** CPU time (user + system) the child has used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  /** SIGTERM, then waits for the exit (a CPU profile is written on a clean exit). */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Polls `url` until it answers 200, failing if the child exits first or `timeoutMs` passes. */
async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited ${code ?? signal}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${url}: child ${exited} before it was ready`);
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms`);
}

/**
 * Starts `node <args>` with `env` on a fresh port (passed as PORT) and resolves once
 * `readyPath` answers 200 (within `readyTimeoutMs`). stdout is dropped (request logs are off anyway), stderr is shown.
 */
export async function startChildServer(args: string[], env: Record<string, string>, readyPath: string, readyTimeoutMs = 60_000): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${url}${readyPath}`, child, readyTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    child,
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
