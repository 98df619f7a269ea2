import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { api } from './support/backend.ts';
import { world, type World } from './support/world.ts';

const run = promisify(execFile);
const EXAMPLE = fileURLToPath(new URL('../../examples/production-service/', import.meta.url));

describe('examples/production-service end to end (real server, local provider)', function () {
  this.timeout(300_000);
  let w: World;
  let provider: LocalProviderServer;

  before(async () => {
    w = await world();
    provider = await startLocalProviderServer({ keepRequests: true });
  });
  after(async () => {
    await provider?.close();
  });

  it('sets up, serves the production prompt, logs generations and scores, and the numbers reach /api/analytics?source=production', async () => {
    const env = { ...process.env, PROMPTSTACK_URL: w.backend.url, PROMPTSTACK_EMAIL: 'ada@example.com', PROMPTSTACK_PASSWORD: 'correct horse battery' };
    const setup = JSON.parse((await run(process.execPath, ['setup.mjs', '--json'], { cwd: EXAMPLE, env })).stdout.trim());
    assert.match(setup.apiKey, /^psk_/);

    const service = await run(process.execPath, ['service.mjs'], {
      cwd: EXAMPLE,
      env: { ...env, PROMPTSTACK_API_KEY: setup.apiKey, OPENAI_BASE_URL: provider.openaiBaseUrl, OPENAI_API_KEY: 'local-key', REQUESTS: '12' },
    });
    const summary = JSON.parse(service.stdout.trim().split('\n').at(-1)!);
    assert.equal(service.stderr, '', 'no errors reported by the SDK');
    assert.deepEqual(summary, {
      requests: 12,
      succeeded: 12,
      failed: 0,
      scored: 6,
      stats: { queued: 0, sent: 18, duplicates: 0, rejected: 0, dropped: 0, retries: 0 },
    });
    // The model was called with the production prompt, rendered.
    const calls = provider.requests.filter((request) => request.path.endsWith('/chat/completions'));
    assert.equal(calls.length, 12);
    assert.match(JSON.stringify(calls[0]!.body), /Ada asks: Where is my order\?/);

    const query = `workspaceId=${w.workspaceId}&projectId=${setup.projectId}&source=production`;
    const dashboard = await api(w.backend.url, 'GET', `/analytics?${query}`, w.token);
    assert.equal(dashboard.runs, 12);
    assert.equal(dashboard.successes, 12);
    assert.equal(dashboard.errors, 0);
    const sent = calls.map((call) => call.body);
    assert.ok(dashboard.inputTokens > 0 && dashboard.outputTokens > 0);
    assert.ok(dashboard.spendUsd > 0, 'priced from the price list (gpt-4o-mini has a price)');
    assert.ok(dashboard.latency.p95Ms !== null);
    assert.equal(sent.length, 12);

    const performance = await api(w.backend.url, 'GET', `/analytics/performance?${query}`, w.token);
    assert.deepEqual(
      performance.byLabel.map(({ label, runs }: any) => ({ label, runs })),
      [{ label: 'production', runs: 12 }],
    );
    assert.deepEqual(
      performance.byVersion.map(({ promptName, versionNumber, runs }: any) => ({ promptName, versionNumber, runs })),
      [{ promptName: 'support-reply', versionNumber: setup.version, runs: 12 }],
    );
    assert.deepEqual(performance.scores, [{ name: 'thumbs', count: 6, mean: 1 }]);

    // Test runs are counted apart: the default source sees none of the service's calls.
    assert.equal((await api(w.backend.url, 'GET', `/analytics?workspaceId=${w.workspaceId}&projectId=${setup.projectId}`, w.token)).runs, 0);
  });
});
