import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../helpers/childEnv.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const mainJs = join(serverDir, 'dist/main.js');

/** Resolves with the URL the server logs once it listens; rejects if it exits first. */
function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /"url":"(http:[^"]+)"[^\n]*PromptStack server listening/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

// What `npm start` runs: the built bundle, on a fresh embedded database, with no configuration.
describe('npm start (the built server)', function () {
  this.timeout(180_000); // a fresh PGlite folder plus migrations; slow on a busy 2-core machine
  let child: ChildProcess | undefined;
  let dataDir: string;

  before(function () {
    if (!existsSync(mainJs)) {
      // `npm test` builds first; a bare `npm test -w @promptstack/server` may not have.
      console.warn(`    skipped: ${mainJs} is not built (npm run build -w @promptstack/server)`);
      this.skip();
    }
    dataDir = mkdtempSync(join(tmpdir(), 'promptstack-start-'));
  });

  after(() => {
    child?.kill('SIGTERM');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on an embedded database with nothing configured and answers /healthz and sign-up', async () => {
    const env = childEnv({ PATH: process.env.PATH, PORT: '0', PROMPTSTACK_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    child = spawn(process.execPath, [mainJs], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await waitForListening(child);
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    const signup = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' }),
    });
    assert.equal(signup.status, 201);
    const body = (await signup.json()) as Record<string, unknown>;
    assert.equal(JSON.stringify(body).includes('passwordHash'), false);
    assert.ok(existsSync(join(dataDir, 'nextauth-secret')), 'generated secret kept in the data folder');
  });

  it('writes readable log lines with LOG_FORMAT=pretty (the default on a terminal), JSON otherwise', async () => {
    const prettyDir = mkdtempSync(join(tmpdir(), 'promptstack-start-pretty-'));
    const env = childEnv({ PATH: process.env.PATH, PORT: '0', PROMPTSTACK_DATA_DIR: prettyDir, LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    const pretty = spawn(process.execPath, [mainJs], { cwd: prettyDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        pretty.stdout.on('data', (chunk: Buffer) => {
          text += chunk;
          if (/^ +url: "http:\/\/127\.0\.0\.1:\d+"$/m.test(text)) resolve(text);
        });
        pretty.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${text}`)));
      });
      assert.match(out, /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: PromptStack server listening$/m);
      assert.equal(/^\{/m.test(out), false, 'a JSON line in pretty mode');
    } finally {
      pretty.kill('SIGTERM');
      await new Promise((resolve) => pretty.once('exit', resolve));
      rmSync(prettyDir, { recursive: true, force: true });
    }
  });
});
