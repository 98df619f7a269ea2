/**
 * The real server (`src/main.ts`, what `npm start` runs) as a child process, for tests that must
 * kill it like a crash does (SIGKILL) or run several servers on one database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ApiInit, TestServer } from './server.ts';
import { childEnv } from './childEnv.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** A server in its own process. */
export interface ChildServer {
  url: string;
  pid: number;
  /** fetch against the server, as TestServer's `api`. */
  api: TestServer['api'];
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, as a crash or the OOM killer: nothing is cleaned up. Resolves once it is gone. */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit (a graceful stop). */
  stop(): Promise<void>;
}

/** Resolves once the process has exited (at once when it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Runs `node --import tsx src/main.ts` with `env` (plus PATH, PORT=0 and LOG_LEVEL=info) and
 * resolves with its URL once it logs that it listens; rejects with its output if it exits first.
 */
export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: childEnv({ PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /"url":"(http:[^"]+)"[^\n]*PromptStack server listening/.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`)));
  });
  const api: TestServer['api'] = (path: string, init: ApiInit = {}) => {
    const { json, token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (json !== undefined) h.set('content-type', 'application/json');
    if (token) h.set('authorization', `Bearer ${token}`);
    return fetch(`${url}${path}`, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  };
  return {
    url,
    pid: child.pid!,
    api,
    output: () => out,
    async crash() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
