import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { runCli } from './support/runCli.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('promptstack test', () => {
  let provider: LocalProviderServer;
  let cacheDir: string;
  before(async () => {
    provider = await startLocalProviderServer();
  });
  after(() => provider.close());
  beforeEach(() => {
    provider.requests.length = 0;
    provider.setScript({});
    cacheDir = mkdtempSync(join(tmpdir(), 'promptstack-cache-'));
  });

  /** Runs the built bin against the local provider (asynchronously: the provider runs in this process). */
  function promptstack(args: string[], cwd = join(FIXTURES, 'suites')): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = { ...process.env, OPENAI_BASE_URL: provider.openaiBaseUrl, OPENAI_API_KEY: 'local-key' };
    return runCli([...args, '--cache-dir', cacheDir], { cwd, env });
  }

  it('runs every case through the provider, reports what failed and why, and exits 1', async () => {
    const { code, stdout, stderr } = await promptstack(['test']);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /✓ greets the customer by name/);
    assert.match(stdout, /✗ stays polite[\s\S]*contains: Output does not contain 'Carol'/);
    assert.match(stdout, /1 passed, 1 failed, 0 flaky/);
    assert.equal(provider.requests.length, 2);
    // The partial beside the prompt was rendered into what the provider received.
    assert.ok(provider.requests.every((r) => JSON.stringify(r.body).includes('Signed, Support')));
    // Not a terminal: plain progress lines on stderr, nothing of them on stdout.
    assert.match(stderr, /^promptstack test: 2\/2$/m);
  });

  it('runs a tool conversation scripted in tests.yaml to its JSON answer, and fails a case whose tool has no result', async () => {
    provider.setScript({
      '*': {
        toolCalls: [
          { name: 'getWeather', arguments: { city: 'Oslo' } },
          { name: 'getEvents', arguments: { city: 'Oslo' } },
        ],
        json: { city: 'Oslo', advice: 'Museum, then the concert.' },
      },
    });
    const { code, stdout, stderr } = await promptstack(['test', '-r', 'json'], join(FIXTURES, 'tools'));
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.cases.map((c: { name: string; status: string }) => [c.name, c.status]),
      [
        ['checks weather and events before planning', 'passed'],
        ['fails without a scripted result for every tool', 'failed'],
      ],
    );
    assert.match(JSON.stringify(report.cases[1]), /no scripted result for tool 'getEvents'/);
    // Each case: the call with the tools, then (the first case only) the call with both results.
    const withResults = provider.requests.filter((r) => r.body.messages.some((m: { role: string }) => m.role === 'tool'));
    assert.equal(provider.requests.length, 3);
    assert.equal(withResults.length, 1);
    assert.deepEqual(
      provider.requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name),
      ['getWeather', 'getEvents'],
    );
    assert.equal(provider.requests[0]!.body.response_format.type, 'json_schema');
  });

  it('resolves the tools `tools:` names from files beside the prompt and in tools/, and runs the scripted conversation to its answer', async () => {
    provider.setScript({
      '*': {
        toolCalls: [
          { name: 'lookupOrder', arguments: { id: 'A1' } },
          { name: 'refundOrder', arguments: { id: 'A1' } },
        ],
        output: 'Order A1 was lost; it is refunded.',
      },
    });
    const { code, stdout, stderr } = await promptstack(['test', '-r', 'json'], join(FIXTURES, 'tool-files'));
    assert.equal(code, 0, stdout + stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.cases.map((c: { name: string; status: string }) => [c.name, c.status]),
      [['looks the order up and refunds it', 'passed']],
    );
    // The first call offers both file definitions (Picoschema converted); the second carries both scripted results.
    assert.equal(provider.requests.length, 2);
    const offered = provider.requests[0]!.body.tools.map((t: { function: { name: string; description: string; parameters: unknown } }) => t.function);
    assert.deepEqual(
      offered.map((f: { name: string; description: string }) => [f.name, f.description]),
      [
        ['lookupOrder', 'Finds an order by id.'],
        ['refundOrder', 'Refunds a lost order.'],
      ],
    );
    assert.deepEqual(offered[0].parameters.properties, { id: { type: 'string', description: 'the order id' } });
    const results = provider.requests[1]!.body.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) =>
      JSON.parse(m.content),
    );
    assert.deepEqual(results, [{ status: 'lost', days: 9 }, { refunded: true }]);
  });

  it('writes JUnit, Markdown and GitHub annotations at the line of the failing assertion', async () => {
    const out = mkdtempSync(join(tmpdir(), 'promptstack-reports-'));
    const { code, stdout } = await promptstack(['test', '-r', 'github', '-r', `junit=${join(out, 'junit.xml')}`, '-r', `markdown=${join(out, 'summary.md')}`]);
    assert.equal(code, 1);
    // Line 16 of reply.tests.yaml is the `contains: Carol` assertion.
    assert.equal(
      stdout.trim(),
      "::error file=support/reply.tests.yaml,line=16,title=promptstack test%3A stays polite::contains: Output does not contain 'Carol'",
    );
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuite name="support\/reply\.tests\.yaml" tests="2" failures="1"/);
    assert.match(junit, /<testcase name="stays polite"[^>]*>\s*<failure message="contains: Output does not contain 'Carol'" type="failed">/);
    assert.match(junit, /<testcase name="greets the customer by name"[^>]*\/>/);
    const markdown = readFileSync(join(out, 'summary.md'), 'utf8');
    assert.match(markdown, /\*\*1 passed, 1 failed, 0 flaky\*\*/);
    assert.match(markdown, /\| failed \| support\/reply\.tests\.yaml \| stays polite \| contains: Output does not contain 'Carol' \|/);
  });

  it('answers a rerun of unchanged cases from the cache: no provider call, nothing spent, same verdicts', async () => {
    const first = await promptstack(['test', '-r', 'json']);
    const calls = provider.requests.length;
    assert.equal(calls, 2);
    const second = await promptstack(['test', '-r', 'json']);
    assert.equal(provider.requests.length, calls, 'the rerun called the provider');
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    assert.deepEqual(b.summary.cache, { hits: 2, misses: 0 });
    assert.equal(b.summary.costUsd, 0);
    assert.ok(a.summary.costUsd > 0);
    assert.deepEqual(
      b.cases.map((c: { name: string; status: string }) => [c.name, c.status]),
      a.cases.map((c: { name: string; status: string }) => [c.name, c.status]),
    );
    // --no-cache calls again.
    await promptstack(['test', '--no-cache']);
    assert.equal(provider.requests.length, calls + 2);
  });

  it('reports a case that passes only on some repeats as flaky', async () => {
    // The first call fails with a 400 (not retried), every later one answers.
    provider.setScript({ '*': { failFirst: 1, failWith: { status: 400, message: 'bad luck' } } });
    const { code, stdout } = await promptstack(['test', '--repeat', '3', '-j', '1', '--filter', 'greets', '--no-cache']);
    assert.equal(code, 1);
    assert.match(stdout, /~ greets the customer by name \(2\/3 passed\)/);
    assert.match(stdout, /0 passed, 0 failed, 1 flaky/);
    assert.equal(provider.requests.length, 3);
  });

  it('caches each repeat as its own sample: a rerun calls only for the sample that failed, and the flaky case passes', async () => {
    provider.setScript({ '*': { failFirst: 1, failWith: { status: 400, message: 'bad luck' } } });
    const first = await promptstack(['test', '--repeat', '3', '-j', '1', '--filter', 'greets']);
    assert.match(first.stdout, /~ greets the customer by name \(2\/3 passed\)/);
    assert.equal(provider.requests.length, 3, 'three repeats are three calls, not one cached answer');
    const rerun = await promptstack(['test', '--repeat', '3', '-j', '1', '--filter', 'greets', '-r', 'json']);
    // Failures are never cached: only the failed sample is asked again; the two good ones are reused.
    assert.equal(provider.requests.length, 4);
    const report = JSON.parse(rerun.stdout);
    assert.equal(report.cases[0].status, 'passed');
    assert.deepEqual(report.summary.cache, { hits: 2, misses: 1 });
  });

  it('refuses to start above --max-cost, before any provider call, with exit 2', async () => {
    const { code, stderr } = await promptstack(['test', '--max-cost', '0.0000001']);
    assert.equal(code, 2);
    assert.match(stderr, /may cost up to \$0\.\d+ \(2 cases x 1\), above --max-cost/);
    assert.equal(provider.requests.length, 0);
    const allowed = await promptstack(['test', '--max-cost', '1']);
    assert.equal(allowed.code, 1);
    assert.equal(provider.requests.length, 2);
  });

  it('reports a broken tests file at its line and fails, without calling the provider', async () => {
    const { code, stdout } = await promptstack(['test', '-r', 'github'], join(FIXTURES, 'broken-suite'));
    assert.equal(code, 1);
    assert.match(stdout, /^::error file=bad\.tests\.yaml,line=2::tests\.0: Unrecognized key: "inputs"$/m);
    assert.equal(provider.requests.length, 0);
  });

  it('exits 2 when there are no tests files to run, showing how one starts; that example runs as written', async () => {
    const { code, stderr } = await promptstack(['test'], join(FIXTURES, 'lint', 'clean'));
    assert.equal(code, 2);
    assert.match(stderr, /No \*\.tests\.yaml files under the current folder; name\.tests\.yaml beside name\.prompt runs it/);
    const dir = mkdtempSync(join(tmpdir(), 'promptstack-first-tests-'));
    writeFileSync(join(dir, 'greet.prompt'), '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n');
    const missing = await promptstack(['test', 'greet.prompt'], dir);
    assert.equal(missing.code, 2);
    const example = /lists cases like this:\n([\s\S]+)$/.exec(missing.stderr)?.[1];
    assert.ok(example, missing.stderr);
    writeFileSync(join(dir, 'greet.tests.yaml'), example.replace(/^ {2}/gm, ''));
    const ran = await promptstack(['test', '--no-cache'], dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^1 passed, 0 failed/m);
  });
});

describe('promptstack test --baseline', () => {
  let provider: LocalProviderServer;
  let repo: string;
  before(async () => {
    provider = await startLocalProviderServer();
    // A repository whose committed prompt greets by name; the working tree's no longer does.
    repo = mkdtempSync(join(tmpdir(), 'promptstack-baseline-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    cpSync(join(FIXTURES, 'suites'), repo, { recursive: true });
    git('add', '.');
    git('commit', '-qm', 'v1');
    writeFileSync(join(repo, 'support/reply.prompt'), readFileSync(join(repo, 'support/reply.prompt'), 'utf8').replace('Hello {{customer}}', 'Hello there'));
    writeFileSync(
      join(repo, 'support/reply.prompt'),
      readFileSync(join(repo, 'support/reply.prompt'), 'utf8').replace('schema:\n    customer: string', 'schema:\n    customer?: string'),
    );
  });
  after(() => provider.close());

  function promptstack(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = { ...process.env, OPENAI_BASE_URL: provider.openaiBaseUrl, OPENAI_API_KEY: 'local-key' };
    return runCli([...args, '--no-cache'], { cwd: repo, env });
  }

  it('runs the same cases against the committed prompt and finds the pass-rate regression significant', async () => {
    const { code, stdout, stderr } = await promptstack([
      'test',
      '--baseline',
      'HEAD',
      '--repeat',
      '12',
      '--filter',
      'greets',
      '--fail-on-regression',
      '-r',
      'json',
    ]);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.baseline.ref, 'HEAD');
    const passRate = report.baseline.prompts[0].metrics.find((m: { metric: string }) => m.metric === 'successRate');
    assert.equal(passRate.verdict, 'worse');
    assert.equal(passRate.baseline, 1);
    assert.equal(passRate.current, 0);
    assert.equal(passRate.pairs, 12);
    assert.ok(passRate.pValue < 0.05, String(passRate.pValue));
    // 12 current runs and 12 baseline runs, and the baseline got the committed text.
    assert.equal(provider.requests.length, 24);
    assert.equal(provider.requests.filter((r) => JSON.stringify(r.body).includes('Hello Ada')).length, 12);
  });

  it('says there is not enough evidence below the minimum sample, and does not fail on it', async () => {
    const { code, stdout } = await promptstack(['test', '--baseline', 'HEAD', '--repeat', '3', '--filter', 'polite', '--fail-on-regression']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Against HEAD:[\s\S]*successRate +not enough evidence/);
  });

  it('refuses a ref that is not a commit, with exit 2', async () => {
    const { code, stderr } = await promptstack(['test', '--baseline', 'no-such-ref']);
    assert.equal(code, 2);
    assert.match(stderr, /--baseline no-such-ref: not a commit/);
  });
});
