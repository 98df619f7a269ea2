import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError, loadEnv, SECRET_FILE } from '../src/env.ts';

describe('environment configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-env-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies defaults: port 3000, embedded database, http cookies', () => {
    const env = loadEnv({ NEXTAUTH_SECRET: 's', PROMPTSTACK_DATA_DIR: dir });
    assert.equal(env.port, 3000);
    assert.equal(env.databaseUrl, undefined);
    assert.equal(env.secureCookies, false);
    assert.equal(env.nextAuthUrl, 'http://localhost:3000');
  });

  it('refuses private webhook targets, retries 8 times from 30 s and keeps a rotated secret 24 h unless told otherwise', () => {
    assert.deepEqual(loadEnv({ NEXTAUTH_SECRET: 's', PROMPTSTACK_DATA_DIR: dir }).webhooks, {
      allowPrivateUrls: false,
      maxAttempts: 8,
      retryBaseSeconds: 30,
      secretOverlapHours: 24,
    });
    const set = loadEnv({
      NEXTAUTH_SECRET: 's',
      PROMPTSTACK_DATA_DIR: dir,
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_RETRY_BASE_SECONDS: '0.5',
      WEBHOOK_SECRET_OVERLAP_HOURS: '0',
    });
    assert.deepEqual(set.webhooks, { allowPrivateUrls: true, maxAttempts: 3, retryBaseSeconds: 0.5, secretOverlapHours: 0 });
    assert.throws(
      () => loadEnv({ NEXTAUTH_SECRET: 's', PROMPTSTACK_DATA_DIR: dir, WEBHOOK_ALLOW_PRIVATE_URLS: 'yes', WEBHOOK_MAX_ATTEMPTS: '0' }),
      (e: unknown) => e instanceof EnvError && /WEBHOOK_ALLOW_PRIVATE_URLS/.test(e.message) && /WEBHOOK_MAX_ATTEMPTS/.test(e.message),
    );
  });

  it('names each bad variable in one message, with the value given where a number belongs', () => {
    assert.throws(
      () => loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NEXTAUTH_URL: 'not a url', NEXTAUTH_SECRET: 's' }),
      (e: unknown) =>
        e instanceof EnvError &&
        /PORT: expected a number, got 'eighty'/.test(e.message) &&
        /DATABASE_URL: must be a postgres/.test(e.message) &&
        /NEXTAUTH_URL/.test(e.message),
    );
    assert.throws(() => loadEnv({ PORT: '70000', LOG_LEVEL: 'debg', WEBHOOK_MAX_ATTEMPTS: '0', NEXTAUTH_SECRET: 's' }), {
      message:
        "Invalid environment configuration:\n  PORT: must be 65535 or less\n  LOG_LEVEL: unknown value 'debg': did you mean 'debug'? (one of fatal, error, warn, info, debug, trace, silent)\n  WEBHOOK_MAX_ATTEMPTS: must be 1 or more",
    });
  });

  it('refuses to start in production without NEXTAUTH_SECRET', () => {
    assert.throws(() => loadEnv({ NODE_ENV: 'production', PROMPTSTACK_DATA_DIR: dir }), /NEXTAUTH_SECRET: required when NODE_ENV=production/);
  });

  it('generates a secret in the data folder with mode 0600 and reuses it next time', () => {
    const first = loadEnv({ PROMPTSTACK_DATA_DIR: join(dir, 'nested') });
    assert.equal(first.secretSource, 'generated');
    const file = join(dir, 'nested', SECRET_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), first.nextAuthSecret);
    const second = loadEnv({ PROMPTSTACK_DATA_DIR: join(dir, 'nested') });
    assert.equal(second.secretSource, 'data-dir');
    assert.equal(second.nextAuthSecret, first.nextAuthSecret);
  });

  it('puts a relative data folder where `npm start` was typed (INIT_CWD), not in server/', () => {
    assert.equal(loadEnv({ NEXTAUTH_SECRET: 's', INIT_CWD: dir }).dataDir, join(dir, '.promptstack'));
    assert.equal(loadEnv({ NEXTAUTH_SECRET: 's', INIT_CWD: dir, PROMPTSTACK_DATA_DIR: 'data' }).dataDir, join(dir, 'data'));
  });

  it('uses __Secure- cookies when NEXTAUTH_URL is https', () => {
    assert.equal(loadEnv({ NEXTAUTH_SECRET: 's', NEXTAUTH_URL: 'https://app.example.com' }).secureCookies, true);
  });
});
