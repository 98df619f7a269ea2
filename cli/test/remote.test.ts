import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLinkedId } from '@promptstack/core/format/syncFields';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { api, signUpWithProject, startBackend, type TestBackend } from './support/backend.ts';
import { runCli } from './support/runCli.ts';

/** Version 1 greets the customer by name; the working tree's edit no longer does. */
const V1 = `---
model: openai/gpt-4o-mini
config:
  maxOutputTokens: 100
input:
  schema:
    customer: string
---
Hello {{customer}}, thanks for writing.
`;
const EDITED = V1.replace('Hello {{customer}}', 'Hello there').replace('customer: string', 'customer?: string');
const TESTS = `tests:
  - name: greets the customer by name
    input:
      customer: Ada
    assert:
      - type: contains
        value: Ada
  - name: signs with a name
    input:
      customer: Bob
    assert:
      - type: contains
        value: Carol
`;
/** The key the local provider accepts; the workspace's stored OpenAI credential carries it. */
const KEY = 'workspace-key-0123456789';

describe('promptstack test against a backend: --baseline <label> and --remote', () => {
  let provider: LocalProviderServer;
  let backend: TestBackend;
  let token: string;
  let projectId: string;
  let promptId: string;
  let dir: string;
  const promptFile = () => join(dir, 'support', 'reply.prompt');

  function promptstack(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = {
      ...process.env,
      OPENAI_BASE_URL: provider.openaiBaseUrl,
      OPENAI_API_KEY: KEY,
      PROMPTSTACK_URL: backend.url,
      PROMPTSTACK_API_KEY: token,
      XDG_CONFIG_HOME: dir,
    };
    return runCli(args, { cwd: dir, env });
  }

  before(async function () {
    // Migrating a fresh embedded database takes a while on a busy machine.
    this.timeout(180_000);
    provider = await startLocalProviderServer({ apiKey: KEY });
    // The backend has no server-wide provider keys: its runs use the workspace's stored credential.
    backend = await startBackend({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '' });
    const signedUp = await signUpWithProject(backend.url, { name: 'Ada', email: 'ada@example.com' }, 'Support');
    ({ token, projectId } = signedUp);
    await api(backend.url, 'PUT', `/workspaces/${signedUp.workspaceId}/providers/openai`, token, { apiKey: KEY, baseUrl: provider.openaiBaseUrl });
    promptId = (await api(backend.url, 'POST', '/prompts', token, { name: 'reply', content: V1, projectId })).id;
    await api(backend.url, 'PUT', `/prompts/${promptId}/labels/production`, token, { versionNumber: 1 });
    // Not a git repository: `production` can only be the backend's label.
    dir = mkdtempSync(join(tmpdir(), 'promptstack-remote-'));
    mkdirSync(join(dir, 'support'));
    writeFileSync(join(dir, 'support', 'reply.tests.yaml'), TESTS);
  });
  after(async () => {
    backend?.stop();
    await provider?.close();
  });
  beforeEach(() => {
    provider.requests.length = 0;
  });

  it('--baseline production runs the cases against the version the label points at and finds the regression', async () => {
    writeFileSync(promptFile(), withLinkedId(EDITED, promptId));
    const { code, stdout, stderr } = await promptstack([
      'test',
      '--baseline',
      'production',
      '--repeat',
      '12',
      '--filter',
      'greets',
      '--fail-on-regression',
      '--no-cache',
      '-r',
      'json',
    ]);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.baseline.ref, 'production');
    assert.equal(report.baseline.kind, 'label');
    const passRate = report.baseline.prompts[0].metrics.find((m: { metric: string }) => m.metric === 'successRate');
    assert.equal(passRate.verdict, 'worse');
    assert.deepEqual([passRate.baseline, passRate.current, passRate.pairs], [1, 0, 12]);
    assert.ok(passRate.pValue < 0.05, String(passRate.pValue));
    // Both sides ran here (not on the backend): 12 with version 1's text, 12 with the edit.
    assert.equal(provider.requests.length, 24);
    assert.equal(provider.requests.filter((r) => JSON.stringify(r.body).includes('Hello Ada')).length, 12);
  });

  it('--baseline with a label no linked prompt has runs no baseline and says so', async () => {
    const { code, stdout } = await promptstack(['test', '--baseline', 'staging', '--filter', 'greets', '--no-cache']);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /Against label staging:\n {2}no linked prompt here has that label/);
    assert.equal(provider.requests.length, 1);
  });

  it('--remote refuses a file with changes the backend does not have (exit 2, nothing run)', async () => {
    writeFileSync(promptFile(), withLinkedId(EDITED, promptId));
    const { code, stderr } = await promptstack(['test', '--remote']);
    assert.equal(code, 2);
    assert.match(stderr, /support\/reply\.prompt has changes the backend does not have \(diverged\): push it first/);
    assert.equal(provider.requests.length, 0);
  });

  it('--remote runs the tests file as a recorded dataset run of the linked version, with the same reporters', async () => {
    writeFileSync(promptFile(), withLinkedId(V1, promptId));
    const out = mkdtempSync(join(tmpdir(), 'promptstack-remote-reports-'));
    const { code, stdout, stderr } = await promptstack(['test', '--remote', '-r', 'json', '-r', `junit=${join(out, 'junit.xml')}`]);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.cases.map((c: { name: string; status: string }) => [c.name, c.status]),
      [
        ['greets the customer by name', 'passed'],
        ['signs with a name', 'failed'],
      ],
    );
    const failing = report.cases[1].runs[0];
    assert.match(failing.assertions[0].reason, /does not contain 'Carol'/);
    assert.ok(report.cases[0].runs[0].outputTokens > 0);
    assert.ok(report.summary.costUsd > 0);
    assert.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<testsuite name="support\/reply\.tests\.yaml" tests="2" failures="1"/);
    assert.match(stderr, /promptstack test --remote: 2\/2/);
    // The backend made the calls with the workspace's key, and recorded them as the dataset's runs.
    assert.equal(provider.requests.length, 2);
    assert.ok(provider.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`));
    const datasets = await api(backend.url, 'GET', `/datasets?projectId=${projectId}`, token);
    assert.deepEqual(
      datasets.map((d: { name: string; itemCount: number }) => [d.name, d.itemCount]),
      [['reply.tests.yaml', 2]],
    );
    const runs = await api(backend.url, 'GET', `/prompts/${promptId}/test?pageSize=10`, token);
    assert.equal(runs.total, 2);
    assert.ok(runs.items.every((r: { datasetItemId: string | null }) => r.datasetItemId));
  });

  it('--remote again updates the same dataset from the file, and repeats as separate recorded runs', async () => {
    writeFileSync(join(dir, 'support', 'reply.tests.yaml'), TESTS.replace('value: Carol', 'value: Bob'));
    const { code, stdout, stderr } = await promptstack(['test', '--remote', '--repeat', '2']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /2 passed, 0 failed, 0 flaky/);
    const datasets = await api(backend.url, 'GET', `/datasets?projectId=${projectId}`, token);
    assert.equal(datasets.length, 1);
    const items = (await api(backend.url, 'GET', `/datasets/${datasets[0].id}`, token)).items;
    assert.equal(items[1].assertions[0].value, 'Bob');
    assert.equal((await api(backend.url, 'GET', `/prompts/${promptId}/test?pageSize=10`, token)).total, 6);
  });

  it('--remote with --filter is a usage error', async () => {
    const { code, stderr } = await promptstack(['test', '--remote', '--filter', 'greets']);
    assert.equal(code, 2);
    assert.match(stderr, /--filter is for local runs/);
  });
});
