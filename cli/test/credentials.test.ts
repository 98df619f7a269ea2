import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { RUNNABLE_PROVIDERS } from '@promptstack/core/providers/runnableProviders';
import { credentialsFromEnv } from '../src/providerCredentials.ts';
import { runCli } from './support/runCli.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('provider credentials from the environment', () => {
  it("reads every runnable provider's key and base URL variables, first key variable set wins", () => {
    const credentials = credentialsFromEnv({
      OPENAI_API_KEY: 'sk-openai',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:1/anthropic',
      GEMINI_API_KEY: '',
      GOOGLE_API_KEY: 'google-key',
      GEMINI_BASE_URL: 'http://127.0.0.1:1/gemini',
    });
    assert.deepEqual(credentials, {
      openai: { apiKey: 'sk-openai' },
      anthropic: { baseURL: 'http://127.0.0.1:1/anthropic' },
      googleai: { apiKey: 'google-key', baseURL: 'http://127.0.0.1:1/gemini' },
    });
    assert.deepEqual(credentialsFromEnv({ GEMINI_API_KEY: 'gemini-key', GOOGLE_API_KEY: 'google-key' }), { googleai: { apiKey: 'gemini-key' } });
    assert.deepEqual(credentialsFromEnv({}), {});
  });

  it('names in --help every variable of the provider list', async () => {
    const { stdout } = await run(['test', '--help'], {});
    for (const provider of RUNNABLE_PROVIDERS) {
      for (const name of [...provider.envKeyVars, provider.envBaseUrlVar]) assert.ok(stdout.includes(name), `${name} missing from --help`);
    }
  });

  describe('a Gemini prompt', () => {
    let provider: LocalProviderServer;
    before(async () => {
      provider = await startLocalProviderServer({ apiKey: 'gemini-local-key' });
    });
    after(() => provider.close());

    it('runs through @google/genai with GEMINI_API_KEY and GEMINI_BASE_URL', async () => {
      provider.setScript({ 'gemini-*': { output: 'Red leaves fall in autumn' } });
      const { code, stdout, stderr } = await run(['test', '--no-cache', '-r', 'json'], {
        GEMINI_API_KEY: 'gemini-local-key',
        GEMINI_BASE_URL: provider.baseUrls.googleai,
      });
      assert.equal(code, 0, stderr);
      const report = JSON.parse(stdout);
      assert.deepEqual(
        report.cases.map((c: { name: string; status: string }) => [c.name, c.status]),
        [['mentions the topic', 'passed']],
      );
      assert.equal(provider.requests.length, 1);
      assert.equal(provider.requests[0]!.api, 'googleai');
      assert.equal(provider.requests[0]!.model, 'gemini-2.5-flash');
    });

    it('fails at once without a key or base URL, sends nothing, names the variables and exits 2', async () => {
      provider.requests.length = 0;
      const { code, stdout, stderr } = await run(['test', '--no-cache', '-r', 'json'], {});
      assert.equal(code, 2, stderr);
      assert.equal(provider.requests.length, 0);
      const expected = 'No credentials for Google Gemini: set GEMINI_API_KEY or GOOGLE_API_KEY (or GEMINI_BASE_URL for a server that needs no key)';
      assert.ok(stderr.includes(`promptstack: ${expected}`), stderr);
      const report = JSON.parse(stdout);
      assert.equal(report.cases[0].status, 'failed');
      assert.equal(report.cases[0].runs[0].error.kind, 'auth');
      assert.equal(report.cases[0].runs[0].error.message, expected);
    });

    it('answers a cached case without credentials', async () => {
      provider.setScript({ 'gemini-*': { output: 'Red leaves fall in autumn' } });
      const cacheDir = mkdtempSync(join(tmpdir(), 'promptstack-cache-'));
      const first = await run(['test', '-r', 'json'], { GEMINI_API_KEY: 'gemini-local-key', GEMINI_BASE_URL: provider.baseUrls.googleai }, cacheDir);
      assert.equal(first.code, 0, first.stderr);
      provider.requests.length = 0;
      const rerun = await run(['test', '-r', 'json'], {}, cacheDir);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.equal(provider.requests.length, 0);
      assert.equal(JSON.parse(rerun.stdout).cases[0].status, 'passed');
    });

    it('fails the case with the provider refusing a wrong key (no silent fallback)', async () => {
      provider.requests.length = 0;
      const { code, stdout } = await run(['test', '--no-cache', '-r', 'json'], { GEMINI_API_KEY: 'wrong', GEMINI_BASE_URL: provider.baseUrls.googleai });
      assert.equal(code, 1);
      const report = JSON.parse(stdout);
      assert.equal(report.cases[0].status, 'failed');
      assert.equal(provider.requests[0]!.status, 401);
    });
  });
});

/** The built bin in the Gemini fixture, with only the given provider variables set (and a new cache unless one is given). */
function run(
  args: string[],
  providerEnv: Record<string, string>,
  cacheDir = mkdtempSync(join(tmpdir(), 'promptstack-cache-')),
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const provider of RUNNABLE_PROVIDERS) for (const name of [...provider.envKeyVars, provider.envBaseUrlVar]) delete env[name];
  return runCli([...args, '--cache-dir', cacheDir], { cwd: join(FIXTURES, 'gemini-suite'), env: { ...env, ...providerEnv } });
}
