/**
 * The results of a live experiment and its evaluation: per arm, from the generations it served and
 * their scores, the error rate, latency, cost and score means with counts; each treatment arm
 * against the control with the always-valid sequential test (core's compareSequential), continuing
 * from the last stored look, with the fixed-horizon test beside it. Evaluating a running experiment
 * stores the new looks and stops it when a guardrail trips.
 */
import { compareSequential, type SequentialMetricKind, type SequentialState, type SufficientStatistics } from '@promptstack/core/stats/index';
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { WRITE_TRANSACTION_OPTIONS } from '../prompts/index.ts';
import { readExperimentSettings, type ExperimentSettings } from './experimentGuardrailSettings.ts';
import { findGuardrailBreach, type GuardrailBreach } from './experimentGuardrails.ts';
import { loadArmAggregates, SCORE_METRIC_PREFIX, type ArmAggregates, type ExperimentMetric } from './experimentResultsQuery.ts';
import type { ComparisonResult, ExperimentResults } from './experimentResultsSchemas.ts';
import { latestLooks, lookKey, lookSeries, recordLooks, type LatestLook } from './experimentResultsSnapshots.ts';
import { summarizeComparison } from './experimentResultsSummary.ts';
import { stopExperiment } from './experimentStop.ts';

const EMPTY: SufficientStatistics = { n: 0, sum: 0, sumOfSquares: 0 };
const FIXED_METRICS: readonly ExperimentMetric[] = ['errorRate', 'latencyMs', 'costUsd'];

const experimentSelect = {
  id: true,
  workspaceId: true,
  promptId: true,
  labelName: true,
  status: true,
  stickyBy: true,
  controlVersionId: true,
  winnerVersionId: true,
  settings: true,
  startedAt: true,
  endedAt: true,
  endReason: true,
  arms: { select: { versionId: true, weight: true, isControl: true, version: { select: { number: true } } } },
} as const;

/** One evaluation: the results without the series, and the guardrail it tripped (if the experiment was running). */
export interface ExperimentEvaluation {
  results: Omit<ExperimentResults, 'series'>;
  breach: GuardrailBreach | null;
  /** Looks stored by this evaluation. */
  recorded: number;
}

function metricModel(metric: ExperimentMetric): { kind: SequentialMetricKind; higherIsBetter: boolean } {
  if (metric === 'errorRate') return { kind: 'proportion', higherIsBetter: false };
  return { kind: 'mean', higherIsBetter: metric.startsWith(SCORE_METRIC_PREFIX) };
}

/** Metrics compared for an arm: the fixed ones either arm has, then score names in order. */
function metricsOf(control: ArmAggregates, treatment: ArmAggregates): ExperimentMetric[] {
  const present = new Set([...control.metrics.keys(), ...treatment.metrics.keys()]);
  const scores = [...present].filter((m) => m.startsWith(SCORE_METRIC_PREFIX)).sort();
  return [...FIXED_METRICS.filter((m) => present.has(m)), ...scores];
}

/** JSON has no Infinity: a statistic that is infinite (a certain difference) is reported as null. */
const finiteOrNull = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

interface Look {
  comparison: ComparisonResult;
  state: SequentialState;
  counted: boolean;
}

function compareArm(
  control: ArmAggregates,
  treatment: ArmAggregates,
  versionNumber: number,
  controlNumber: number,
  settings: ExperimentSettings,
  latest: ReadonlyMap<string, LatestLook>,
): Look[] {
  return metricsOf(control, treatment).flatMap((metric): Look[] => {
    const model = metricModel(metric);
    const result = compareSequential(control.metrics.get(metric) ?? EMPTY, treatment.metrics.get(metric) ?? EMPTY, {
      ...model,
      alpha: settings.alpha,
      minSamplePerArm: settings.minSamplePerArm,
      previous: latest.get(lookKey(treatment.versionId, metric))?.state ?? null,
    });
    // The inputs come from SQL aggregates and validated settings; a refusal here is a bug, not bad input.
    if (!result.ok) throw new Error(`compareSequential refused ${metric}: ${result.error.message}`);
    const r = result.value;
    const fixed = r.fixedHorizon;
    const summary = summarizeComparison({ versionNumber, metric, ...r }, controlNumber, settings.minSamplePerArm);
    return [
      {
        state: r.state,
        counted: r.counted,
        comparison: {
          versionId: treatment.versionId,
          versionNumber,
          metric,
          higherIsBetter: model.higherIsBetter,
          nControl: r.nControl,
          nTreatment: r.nTreatment,
          meanControl: r.meanControl,
          meanTreatment: r.meanTreatment,
          difference: r.difference,
          sequential: { pValue: r.pValue, confidenceSequence: r.confidenceSequence },
          fixedHorizon: fixed
            ? { test: fixed.test, statistic: finiteOrNull(fixed.statistic), df: finiteOrNull(fixed.df), pValue: fixed.pValue, ci: fixed.ci }
            : null,
          verdict: r.verdict,
          summary,
        },
      },
    ];
  });
}

function armResult(aggregate: ArmAggregates, arm: { versionNumber: number; weight: number; isControl: boolean }): ExperimentResults['arms'][number] {
  const errors = aggregate.metrics.get('errorRate');
  const latency = aggregate.metrics.get('latencyMs');
  const cost = aggregate.metrics.get('costUsd');
  return {
    versionId: aggregate.versionId,
    ...arm,
    generations: aggregate.generations,
    errors: errors?.sum ?? 0,
    errorRate: errors ? errors.sum / errors.n : null,
    latencyMeanMs: latency ? latency.sum / latency.n : null,
    costCount: cost?.n ?? 0,
    costMeanUsd: cost ? cost.sum / cost.n : null,
    scores: [...aggregate.metrics.entries()]
      .filter(([metric]) => metric.startsWith(SCORE_METRIC_PREFIX))
      .map(([metric, s]) => ({ name: metric.slice(SCORE_METRIC_PREFIX.length), count: s.n, mean: s.sum / s.n }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Computes an experiment's results in one transaction that holds its row, so two evaluations never
 * continue from the same stored look. A running experiment's new looks are stored; the guardrail it
 * trips, if any, is returned (not acted on here). NOT_FOUND for no such experiment.
 */
async function computeResults(prisma: PrismaClient, experimentId: string): Promise<ExperimentEvaluation> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Experiment" WHERE id = ${experimentId} FOR UPDATE`;
    const experiment = await tx.experiment.findUnique({ where: { id: experimentId }, select: experimentSelect });
    if (!experiment) throw new TRPCError({ code: 'NOT_FOUND', message: `No experiment '${experimentId}'` });
    const settings = readExperimentSettings(experiment.settings);
    const arms = [...experiment.arms].sort((a, b) => Number(b.isControl) - Number(a.isControl) || a.version.number - b.version.number);
    const versionIds = [...new Set([experiment.controlVersionId, ...arms.map((a) => a.versionId)])];
    const aggregates = await loadArmAggregates(tx, experimentId, versionIds);
    const byVersion = new Map(aggregates.map((a) => [a.versionId, a]));
    const control = byVersion.get(experiment.controlVersionId)!;
    const controlNumber = arms.find((a) => a.versionId === experiment.controlVersionId)?.version.number ?? 0;
    const latest = await latestLooks(tx, experimentId);
    const looks = arms
      .filter((a) => a.versionId !== experiment.controlVersionId)
      .flatMap((a) => compareArm(control, byVersion.get(a.versionId)!, a.version.number, controlNumber, settings, latest));
    const comparisons = looks.map((l) => l.comparison);
    const running = experiment.status === 'RUNNING';
    const recorded = running ? await recordLooks(tx, experimentId, looks, latest) : 0;
    return {
      recorded,
      breach: running ? findGuardrailBreach(comparisons, settings, controlNumber) : null,
      results: {
        experiment: {
          id: experiment.id,
          promptId: experiment.promptId,
          labelName: experiment.labelName,
          status: experiment.status,
          stickyBy: experiment.stickyBy,
          controlVersionId: experiment.controlVersionId,
          winnerVersionId: experiment.winnerVersionId,
          startedAt: experiment.startedAt.toISOString(),
          endedAt: experiment.endedAt?.toISOString() ?? null,
          endReason: experiment.endReason,
        },
        settings,
        arms: arms.map((a) =>
          armResult(byVersion.get(a.versionId)!, { versionNumber: a.version.number, weight: a.weight, isControl: a.versionId === experiment.controlVersionId }),
        ),
        comparisons,
      },
    };
  }, WRITE_TRANSACTION_OPTIONS);
}

/**
 * Evaluates an experiment: computes and stores its looks and, when a running experiment trips a
 * guardrail, stops it (the label back to the control, audited as moved `via: 'guardrail'` by the
 * system with a reason naming the numbers). Safe to run repeatedly and concurrently.
 */
export async function evaluateExperiment(prisma: PrismaClient, experimentId: string): Promise<ExperimentEvaluation> {
  const evaluation = await computeResults(prisma, experimentId);
  const { breach } = evaluation;
  if (!breach) return evaluation;
  try {
    const stopped = await stopExperiment(prisma, experimentId, {
      endReason: breach.endReason,
      move: { actor: { kind: 'system' }, via: 'guardrail', reason: breach.reason },
    });
    const experiment = { ...evaluation.results.experiment, status: stopped.status, endedAt: stopped.endedAt.toISOString(), endReason: stopped.endReason };
    return { ...evaluation, results: { ...evaluation.results, experiment } };
  } catch (error) {
    // Stopped or promoted meanwhile by someone else: the experiment is no longer running, as wanted.
    if (error instanceof TRPCError && error.code === 'CONFLICT') return { ...evaluation, breach: null };
    throw error;
  }
}

/** An experiment's results with the series of stored looks, after evaluating it (see evaluateExperiment). */
export async function experimentResults(prisma: PrismaClient, experimentId: string): Promise<ExperimentResults> {
  const { results } = await evaluateExperiment(prisma, experimentId);
  return { ...results, series: await lookSeries(prisma, experimentId) };
}
