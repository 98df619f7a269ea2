/**
 * Starts the backend exactly as `npm start` does (`node server/dist/main.js`, the embedded PGlite
 * database in a fresh data folder) on a free port, and stops it. The server serves the built web
 * app from web/dist, so both must be built first (`npm test` builds everything before testing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Backend {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `env` adds to the server's environment (e.g. a provider's key and base URL). */
export async function startBackend(env: Record<string, string> = {}): Promise<Backend> {
  const main = join(REPO, 'server', 'dist', 'main.js');
  for (const built of [main, join(REPO, 'web', 'dist', 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` at the repository root first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'promptstack-web-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: join(REPO, 'server'),
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      NEXTAUTH_URL: url,
      PROMPTSTACK_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Generous: on a machine busy with other work, the first start (migrations on a new database) is slow.
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      // Not left running behind a failed test.
      child.kill('SIGTERM');
      throw new Error('the server did not answer /healthz within 240 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
