import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { DB_KIND } from '../helpers/database.ts';
import { TEST_SECRET } from '../helpers/server.ts';
import { createUser } from '../helpers/users.ts';
import { childEnv } from '../helpers/childEnv.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a TypeScript entry point (as its npm script does, unbundled) and collects its exit code and output. */
function runScript(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: serverDir,
      env: childEnv({ PATH: process.env.PATH, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

// Processes on one embedded database folder: the first holds it, the others refuse, a crash frees it.
describe('the embedded database folder lock', function () {
  this.timeout(300_000);
  let dataDir: string;
  let env: Record<string, string>;
  const children: ChildServer[] = [];

  before(function () {
    if (DB_KIND === 'postgres') this.skip(); // a Postgres server has no data folder to share
    dataDir = mkdtempSync(join(tmpdir(), 'promptstack-lock-'));
    env = { NODE_ENV: 'test', NEXTAUTH_SECRET: TEST_SECRET, PROMPTSTACK_DATA_DIR: dataDir, RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_WRITES_PER_MINUTE: '0' };
  });
  after(async () => {
    for (const child of children.splice(0)) await child.crash();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server, db:seed and clear-sessions while a server holds the folder, naming its process', async () => {
    const first = await startChildServer(env);
    children.push(first);
    const inUse = new RegExp(`in use by process ${first.pid}\\b.*PROMPTSTACK_DATA_DIR`);

    // All three at once: each is a Node start-up, slow on a busy machine.
    const [server, seed, clear] = await Promise.all([
      startChildServer(env).then(
        (second) => (children.push(second), second.output()),
        (error: Error) => error.message,
      ),
      runScript('../prisma/seed.ts', env),
      runScript('src/scripts/clearSessions.ts', env),
    ]);
    assert.match(server, /server exited \(1\) before listening/);
    assert.match(server, inUse);
    assert.equal(seed.code, 1, seed.output);
    assert.match(seed.output, inUse);
    assert.equal(clear.code, 1, clear.output);
    assert.match(clear.output, inUse);
    assert.doesNotMatch(clear.output, /session.*is ended/, 'never says done when it did nothing');

    // The holder still works: nothing else wrote under it.
    await createUser(first);
  });

  it('recovers the lock of a server killed with kill -9, keeping what it wrote', async () => {
    const [holder] = children.splice(0);
    assert.ok(holder, 'the server of the previous test');
    const user = await createUser(holder);
    await holder.crash();

    const next = await startChildServer(env);
    children.push(next);
    const signin = await next.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    assert.equal(signin.status, 200, 'the user written before the kill is there');
    await next.stop();
    children.splice(children.indexOf(next), 1);

    // With the server stopped cleanly the scripts run (and say what they did).
    const clear = await runScript('src/scripts/clearSessions.ts', env);
    assert.equal(clear.code, 0, clear.output);
    assert.match(clear.output, /is ended/);
  });
});
