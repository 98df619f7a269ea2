import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { PromptStack, type Prompt } from '../src/index.ts';
import { armAt, unitBucket } from '../src/assignment.ts';
import { api } from './support/backend.ts';
import { recordingFetch } from './support/recordingFetch.ts';
import { world, type World } from './support/world.ts';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./support/assignInChild.ts', import.meta.url));
/** Below this p-value the goodness-of-fit test rejects "assignment follows the weights" (1 in 10,000 false alarms). */
const REJECT_BELOW = 1e-4;

/** Pearson's chi-square goodness of fit of `counts` to shares proportional to `weights`: the p-value. */
function chiSquarePValue(counts: number[], weights: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const statistic = counts.reduce((sum, observed, i) => {
    const expected = (n * weights[i]!) / total;
    return sum + (observed - expected) ** 2 / expected;
  }, 0);
  return 1 - chisquareCdf(statistic, counts.length - 1);
}

describe('split labels in the SDK (real server)', function () {
  this.timeout(300_000);
  let w: World;
  let experimentId: string;
  const WEIGHTS = [60, 30, 10];

  before(async () => {
    w = await world();
    const promptId = await w.createPrompt('split-greeting', 'Hello {{name}} (one)');
    await w.publish(promptId, 'Hello {{name}} (two)', 'staging');
    await w.publish(promptId, 'Hello {{name}} (three)', 'staging');
    const split = WEIGHTS.map((weight, i) => ({ version: i + 1, weight }));
    const label = await api(w.backend.url, 'PUT', `/prompts/${promptId}/labels/production`, w.token, { split, stickyBy: 'userId' });
    experimentId = label.experimentId as string;
    assert.ok(experimentId);
  });

  const client = (fetchImpl?: (input: string, init: RequestInit) => Promise<Response>) =>
    new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, flushOnExit: false, onError: () => {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) });

  it('assigns by unit key following the weights (chi-square goodness of fit over 30,000 keys), with no request after the first fetch', async () => {
    const recorder = recordingFetch();
    const ps = client(recorder.fetch);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const prompt = await ps.getPrompt('split-greeting', { unitKey: `user-${i}` });
      counts[prompt.version - 1]!++;
    }
    await ps.close();
    assert.equal(recorder.exchanges.length, 1, 'one fetch, then every assignment is local');
    const p = chiSquarePValue(counts, WEIGHTS);
    assert.ok(p > REJECT_BELOW, `counts ${counts} do not follow weights ${WEIGHTS} (p = ${p})`);
    // The test can tell: the same counts against other weights are rejected.
    assert.ok(chiSquarePValue(counts, [50, 30, 20]) < REJECT_BELOW);
  });

  it('gives a key the same version in separate processes, and the arm carries its version and experiment', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `customer-${i * 7919}`);
    const ps = client();
    const here: Prompt[] = [];
    for (const unitKey of keys) here.push(await ps.getPrompt('split-greeting', { label: 'production', unitKey }));
    await ps.close();
    assert.ok(here.every((p) => p.experimentId === experimentId && p.label === 'production'));
    assert.ok(here.every((p) => p.source.endsWith(`Hello {{name}} (${['one', 'two', 'three'][p.version - 1]})`)));
    assert.ok(new Set(here.map((p) => p.version)).size > 1, 'the keys cover more than one arm');
    const children = await Promise.all(
      [1, 2].map(async () => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, w.backend.url, w.apiKey, 'split-greeting', 'production', ...keys]);
        return JSON.parse(stdout.trim().split('\n').at(-1)!) as { versions: number[]; requests: number };
      }),
    );
    for (const child of children) {
      assert.deepEqual(
        child.versions,
        here.map((p) => p.version),
      );
      assert.equal(child.requests, 1);
    }
  });

  it('assigns per call without a unit key, following the weights', async () => {
    const ps = client();
    const counts = [0, 0, 0];
    for (let i = 0; i < 6_000; i++) counts[(await ps.getPrompt('split-greeting')).version - 1]!++;
    await ps.close();
    assert.ok(counts.every((c) => c > 0));
    const p = chiSquarePValue(counts, WEIGHTS);
    assert.ok(p > REJECT_BELOW, `counts ${counts} do not follow weights ${WEIGHTS} (p = ${p})`);
  });

  it('matches the documented algorithm: SHA-256 of "experimentId:unitKey", first 8 bytes, times the total weight over 2^64', () => {
    // The README's worked example: SHA-256("exp-1:user-42") starts 1eda32862bd558ea = 2223144917903169770,
    // and floor(2223144917903169770 * 100 / 2^64) = 12, which falls in the first arm of 60/30/10.
    assert.equal(unitBucket('exp-1', 'user-42', 100), 12);
    assert.equal(armAt([60, 30, 10], 12), 0);
    assert.equal(armAt([60, 30, 10], 0), 0);
    assert.equal(armAt([60, 30, 10], 59), 0);
    assert.equal(armAt([60, 30, 10], 60), 1);
    assert.equal(armAt([60, 30, 10], 99), 2);
  });

  it('logs generations with the arm and experiment they were served (the server accepts them)', async () => {
    const errors: string[] = [];
    const ps = new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, flushOnExit: false, onError: (e) => errors.push(e.message) });
    const prompt = await ps.getPrompt('split-greeting', { unitKey: 'user-7' });
    assert.deepEqual(prompt.reference(), { name: 'split-greeting', version: prompt.version, label: 'production', experimentId });
    ps.logGeneration({ prompt, output: 'Hello Ada', model: 'openai/gpt-4o-mini' });
    // An arm that is not the experiment's is refused by the server, and reported.
    ps.logGeneration({
      prompt: { name: 'split-greeting', version: 1, experimentId: '00000000-0000-4000-8000-000000000000' },
      output: 'x',
      model: 'openai/gpt-4o-mini',
    });
    await ps.flush();
    await ps.close();
    assert.equal(ps.stats.sent, 1, errors.join('\n'));
    assert.equal(ps.stats.rejected, 1);
    assert.match(errors.join('\n'), /No experiment/);
  });
});
