/**
 * The real PromptStack backend for CLI tests: server/src/main.ts through tsx on a throw-away
 * embedded database, any free port (read back from its "listening" log line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../../../server/', import.meta.url));

export interface TestBackend {
  url: string;
  stop(): void;
}

/** Starts the backend (with `env` added to its environment) and resolves once it listens. */
export async function startBackend(env: Record<string, string> = {}): Promise<TestBackend> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      PROMPTSTACK_DATA_DIR: mkdtempSync(join(tmpdir(), 'promptstack-cli-backend-')),
      DATABASE_URL: '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the backend did not start:\n${output}`));
    }, 170_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const listening = /"url":"(http:\/\/[^"]+)"[^\n]*PromptStack server listening/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the backend exited (${code}):\n${output}`)));
  });
  return { url, stop };
}

/** A JSON call to the backend's REST API. */
export async function api<T = any>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** The password every test account signs up with. */
export const TEST_PASSWORD = 'correct horse battery';

/** Signs a new account up on `url` and makes a project in its own workspace; the session token and both ids. */
export async function signUpWithProject(
  url: string,
  account: { name: string; email: string },
  projectName: string,
): Promise<{ token: string; workspaceId: string; projectId: string }> {
  await api(url, 'POST', '/auth/signup', undefined, { ...account, password: TEST_PASSWORD });
  const token = (await api(url, 'POST', '/auth/signin', undefined, { email: account.email, password: TEST_PASSWORD })).token as string;
  const workspaceId = (await api(url, 'GET', '/workspaces', token))[0].id as string;
  const projectId = (await api(url, 'POST', '/projects', token, { workspaceId, name: projectName })).id as string;
  return { token, workspaceId, projectId };
}
