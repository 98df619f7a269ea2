// Starts and stops the VS Code server (code-server's lib/vscode/out/server-main.js) for one test
// run: a free port, throw-away data folders, its own process group so cleanup takes everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A free TCP port on the loopback interface, as the OS hands it out. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Folders the server and the extension host write to, all under `tempDir`; XDG_* keep $HOME clean. */
export function hostDirs(tempDir) {
  const dirs = {
    serverData: join(tempDir, 'server-data'),
    userData: join(tempDir, 'user-data'),
    extensions: join(tempDir, 'extensions'),
    xdgConfig: join(tempDir, 'xdg-config'),
    xdgData: join(tempDir, 'xdg-data'),
    xdgCache: join(tempDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

function xdgEnv(dirs) {
  return { XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache };
}

/**
 * Runs server-main.js as a CLI (`--install-extension`, `--list-extensions`) and returns its
 * exit code and output.
 */
export function serverCli(vscodeDir, dirs, args) {
  const result = spawnSync(
    process.execPath,
    [
      join(vscodeDir, 'out/server-main.js'),
      '--extensions-dir',
      dirs.extensions,
      '--server-data-dir',
      dirs.serverData,
      '--user-data-dir',
      dirs.userData,
      ...args,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, ...xdgEnv(dirs) },
      timeout: 60_000,
    },
  );
  return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/**
 * Starts the server detached (its own process group) and waits until GET /version answers.
 * `env` reaches the extension host, which is how the test index learns where to write results.
 * Resolves with `{ port, stop(), log() }`; `log()` is the server's output so far, for failures.
 */
export async function startVscodeServer({ vscodeDir, dirs, env, readyTimeoutMs = 60_000 }) {
  const port = await freePort();
  const args = [
    join(vscodeDir, 'out/server-main.js'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    // Makes the built workbench honour the test payload (extensionDevelopmentPath/extensionTestsPath).
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir',
    dirs.serverData,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...xdgEnv(dirs), ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };

  const deadline = Date.now() + readyTimeoutMs;
  // Readiness is polled: the server prints no reliable "ready" line, /version is its health check.
  while (Date.now() < deadline) {
    if (exited) throw Object.assign(new Error(`the VS Code server exited during start-up:\n${output}`), { stop });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/version`);
      if (response.ok) return { port, stop, log: () => output };
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  stop();
  throw new Error(`the VS Code server did not answer /version within ${readyTimeoutMs / 1000} s:\n${output}`);
}
