// Starts the PromptStack backend (server/src/main.ts through tsx, as the server's own tests run
// it, so there is no stale build to worry about) for one test run: an ephemeral embedded
// PGlite database in a throw-away data folder, a port chosen up front so the URL can be handed
// to the VS Code server's environment (and so to the extension host) before the backend is
// ready, and its own process group so cleanup takes everything. Readiness is the server's own
// "listening" log line, not polling.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './vscodeServer.mjs';

/** Environment variable the sync/auth suites read the backend URL from. */
export const BACKEND_URL_ENV = 'PROMPTSTACK_TEST_BACKEND_URL';
/** The message server/src/main.ts logs once it listens. */
const LISTENING = 'PromptStack server listening';

/**
 * Spawns the backend on a free port over `dataDir`. Returns at once with `{ url, ready, stop, log }`:
 * `ready` settles when the server logs that it listens (rejects if it exits first or takes longer
 * than `readyTimeoutMs`, since migrating a fresh embedded database takes seconds on a busy machine).
 */
export async function startBackend({ repoRoot, dataDir, readyTimeoutMs = 120_000 }) {
  const port = await freePort();
  // Not server/dist/main.js: that bundle keeps @promptstack/core external, which resolves to TypeScript.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(repoRoot, 'server'),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      PROMPTSTACK_DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      // The default throttles stay on: a run stays far below them, and setting both to 0 leaves
      // app.ts with `app.use()` of no handlers, which Express refuses (reported to the server's owner).
    },
  });
  let output = '';
  let exited = false;
  const stop = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start within ${readyTimeoutMs / 1000} s:\n${output}`)), readyTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(LISTENING)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`the backend exited (${code}) during start-up:\n${output}`));
    });
  });
  // Nobody may await `ready` (a run without sync tests); its rejection must not crash the runner.
  ready.catch(() => undefined);
  return { url: `http://127.0.0.1:${port}`, ready, stop, log: () => output };
}
