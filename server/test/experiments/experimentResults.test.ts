import assert from 'node:assert/strict';
import { compareSequential, welchFromSums, type SufficientStatistics } from '@promptstack/core/stats/index';
import { expectStatus, rest } from '../helpers/team.ts';
import { batch, serve, startExperiment, startExperimentWorld, type ExperimentWorld, type ServedGeneration } from './experimentFixtures.ts';

/** Sufficient statistics of raw values, computed here from the values the test wrote. */
function sums(values: readonly number[]): SufficientStatistics {
  return { n: values.length, sum: values.reduce((s, x) => s + x, 0), sumOfSquares: values.reduce((s, x) => s + x * x, 0) };
}

const close = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

describe('experiment results: per-arm figures and the always-valid comparison', function () {
  // A shared machine is slow: server start, sign-ups (bcrypt), the job queue.
  this.timeout(300_000);
  let world: ExperimentWorld;
  let experimentId: string;
  const control: ServedGeneration[] = batch(60, 400, 20, { costUsd: 0.001 }).map((g, i) => ({ ...g, scores: { helpful: i % 3 === 0 ? 0 : 1 } }));
  const treatment: ServedGeneration[] = batch(60, 450, 10, { costUsd: 0.002 }).map((g, i) => ({ ...g, scores: { helpful: i % 6 === 0 ? 0 : 1 } }));
  const options = { alpha: 0.05, minSamplePerArm: 20 };

  before(async () => {
    world = await startExperimentWorld();
    // Guardrails off: this suite looks at the numbers, the guardrail suite at stopping.
    experimentId = await startExperiment(world, { ...options, maxErrorRateIncrease: null, maxLatencyIncreaseMs: null });
    await serve(world, experimentId, world.v1, control);
    await serve(world, experimentId, world.v2, treatment);
  });
  after(async () => {
    await world?.server.close();
  });

  it('reports count, error rate, latency, cost and score means per arm', async () => {
    const answer = await rest(world.server, 'GET', `/experiments/${experimentId}/results`, { token: world.team.viewer.token });
    expectStatus(answer, 200);
    const [c, t] = answer.body.arms;
    assert.equal(c.versionId, world.v1);
    assert.equal(c.isControl, true);
    assert.equal(t.versionId, world.v2);
    assert.deepEqual([c.generations, c.errors, t.generations, t.errors], [60, 3, 60, 6]);
    close(c.errorRate, 0.05, 'control error rate');
    close(c.latencyMeanMs, sums(control.map((g) => g.latencyMs)).sum / 60, 'control latency');
    close(t.costMeanUsd, 0.002, 'treatment cost');
    assert.deepEqual(
      t.scores.map((s: { name: string; count: number }) => [s.name, s.count]),
      [['helpful', 60]],
    );
    close(t.scores[0].mean, 50 / 60, 'treatment helpful mean');
    assert.equal(answer.body.experiment.status, 'RUNNING');
    assert.equal(answer.body.settings.minSamplePerArm, 20);
  });

  it('compares the treatment with the control exactly as core computes it from the same values', async () => {
    const answer = await rest(world.server, 'GET', `/experiments/${experimentId}/results`, { token: world.team.member.token });
    expectStatus(answer, 200);
    const byMetric = new Map(answer.body.comparisons.map((c: { metric: string }) => [c.metric, c]));
    assert.deepEqual([...byMetric.keys()], ['errorRate', 'latencyMs', 'costUsd', 'score:helpful']);

    const latency: any = byMetric.get('latencyMs');
    const latencyA = sums(control.map((g) => g.latencyMs));
    const latencyB = sums(treatment.map((g) => g.latencyMs));
    const expected = compareSequential(latencyA, latencyB, { kind: 'mean', higherIsBetter: false, ...options });
    assert.ok(expected.ok);
    close(latency.difference, expected.value.difference!, 'latency difference');
    close(latency.sequential.pValue, expected.value.pValue, 'always-valid p');
    close(latency.sequential.confidenceSequence.lower, expected.value.confidenceSequence!.lower, 'CS lower');
    close(latency.sequential.confidenceSequence.upper, expected.value.confidenceSequence!.upper, 'CS upper');
    const welch = welchFromSums(latencyA, latencyB, 0.95);
    assert.ok(welch.ok);
    close(latency.fixedHorizon.pValue, welch.value.pValue, 'Welch p');
    assert.equal(latency.fixedHorizon.test, 'welch-t');
    assert.equal(latency.verdict, expected.value.verdict);
    assert.equal(latency.verdict, 'worse', 'treatment is 50 ms slower on every cycle');
    assert.match(latency.summary, /^v2 is worse than v1 on latency by 50 ms \(always-valid p [<=] [\d.]+\)$/);

    const errors: any = byMetric.get('errorRate');
    const expectedErrors = compareSequential(
      { n: 60, sum: 3, sumOfSquares: 3 },
      { n: 60, sum: 6, sumOfSquares: 6 },
      { kind: 'proportion', higherIsBetter: false, ...options },
    );
    assert.ok(expectedErrors.ok);
    close(errors.sequential.pValue, expectedErrors.value.pValue, 'error-rate p');
    assert.equal(errors.fixedHorizon.test, 'two-proportion-z');
    assert.equal(errors.verdict, 'no-difference-yet');
    assert.match(errors.summary, /^v2 vs v1 on error rate: no difference yet \(always-valid p = [\d.]+\)$/);

    const helpful: any = byMetric.get('score:helpful');
    assert.equal(helpful.higherIsBetter, true);
    assert.equal(helpful.nControl, 60);
  });

  it('stores a look only when data arrived, and continues from it: the p-value never rises and the sequence narrows', async () => {
    const first = await rest(world.server, 'GET', `/experiments/${experimentId}/results`, { token: world.team.viewer.token });
    const latencySeries = (body: any) => body.series.find((s: { metric: string }) => s.metric === 'latencyMs').points;
    assert.equal(latencySeries(first.body).length, 1, 're-reading unchanged data stores nothing');

    const moreControl = batch(200, 400, 20);
    const moreTreatment = batch(200, 450, 10);
    await serve(world, experimentId, world.v1, moreControl);
    await serve(world, experimentId, world.v2, moreTreatment);
    const second = await rest(world.server, 'GET', `/experiments/${experimentId}/results`, { token: world.team.viewer.token });
    expectStatus(second, 200);
    const points = latencySeries(second.body);
    assert.equal(points.length, 2);
    const [a, b] = points;
    assert.deepEqual([a.nControl, b.nControl], [60, 260]);
    assert.ok(b.pValue <= a.pValue, 'running minimum');
    assert.ok(b.lower >= a.lower && b.upper <= a.upper, 'intersected sequence is nested');

    // The second look is core's comparison continued from the first stored state.
    const expected = compareSequential(
      sums([...control, ...moreControl].map((g) => g.latencyMs)),
      sums([...treatment, ...moreTreatment].map((g) => g.latencyMs)),
      { kind: 'mean', higherIsBetter: false, ...options, previous: { pValue: a.pValue, lower: a.lower, upper: a.upper } },
    );
    assert.ok(expected.ok);
    close(b.pValue, expected.value.pValue, 'continued p');
    close(b.upper, expected.value.confidenceSequence!.upper, 'continued CS upper');
  });

  it('is readable by workspace members and read keys, not by outsiders', async () => {
    const key = await rest(world.server, 'POST', `/workspaces/${world.team.workspaceId}/api-keys`, {
      token: world.team.admin.token,
      json: { name: 'reader', scopes: ['prompts:read'] },
    });
    expectStatus(key, 201);
    expectStatus(await rest(world.server, 'GET', `/experiments/${experimentId}/results`, { token: key.body.key }), 200);
    expectStatus(await rest(world.server, 'POST', `/experiments/${experimentId}/stop`, { token: key.body.key }), 403);
    expectStatus(await rest(world.server, 'GET', `/experiments/${experimentId}/results`, { token: world.team.outsider.token }), 404);
    expectStatus(await rest(world.server, 'GET', `/experiments/no-such-experiment/results`, { token: world.team.member.token }), 404);
  });
});
