/** Input and output shapes of the experiment results and stop routes (REST and tRPC alike). */
import { z } from 'zod';

/** `{ id }` of an experiment. */
export const experimentIdInput = z.object({ id: z.string().min(1).max(200) });

/** `{ id, reason? }` of a manual stop. */
export const stopExperimentInput = experimentIdInput.extend({ reason: z.string().trim().min(1).max(1000).optional() });

const interval = z.object({ lower: z.number(), upper: z.number(), level: z.number() });

/** The verdict of one comparison (treatment against control). */
export const verdictSchema = z.enum(['insufficient-data', 'no-difference-yet', 'better', 'worse']);

/** The descriptive figures of one arm. */
export const armResultOutput = z.object({
  versionId: z.string(),
  versionNumber: z.number().int(),
  weight: z.number().int(),
  isControl: z.boolean(),
  generations: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  latencyMeanMs: z.number().nullable(),
  /** Generations with a known cost, and their mean cost. */
  costCount: z.number().int(),
  costMeanUsd: z.number().nullable(),
  scores: z.array(z.object({ name: z.string(), count: z.number().int(), mean: z.number() })),
});

/** One treatment arm against the control on one metric. */
export const comparisonOutput = z.object({
  versionId: z.string(),
  versionNumber: z.number().int(),
  /** `errorRate`, `latencyMs`, `costUsd` or `score:<name>`. */
  metric: z.string(),
  higherIsBetter: z.boolean(),
  nControl: z.number().int(),
  nTreatment: z.number().int(),
  meanControl: z.number().nullable(),
  meanTreatment: z.number().nullable(),
  /** Treatment − control. */
  difference: z.number().nullable(),
  sequential: z.object({
    /** The always-valid p-value: valid whenever it is read. */
    pValue: z.number(),
    /** The always-valid confidence sequence for the difference; null before the first counted look. */
    confidenceSequence: interval.nullable(),
  }),
  /** The ordinary test of this moment, for reference only: not valid when read repeatedly. */
  fixedHorizon: z
    .object({ test: z.enum(['welch-t', 'two-proportion-z']), statistic: z.number().nullable(), df: z.number().nullable(), pValue: z.number(), ci: interval })
    .nullable(),
  verdict: verdictSchema,
  /** One sentence, e.g. "v2 is worse than v1 on latency by 50 ms (always-valid p = 0.003)". */
  summary: z.string(),
});

/** One counted look of a comparison, oldest first in a series. */
export const seriesPointOutput = z.object({
  at: z.string(),
  nControl: z.number().int(),
  nTreatment: z.number().int(),
  difference: z.number(),
  pValue: z.number(),
  lower: z.number(),
  upper: z.number(),
});

/** What `GET /api/experiments/{id}/results` answers. */
export const experimentResultsOutput = z.object({
  experiment: z.object({
    id: z.string(),
    promptId: z.string(),
    labelName: z.string(),
    status: z.enum(['RUNNING', 'STOPPED', 'PROMOTED']),
    stickyBy: z.string().nullable(),
    controlVersionId: z.string(),
    winnerVersionId: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
  }),
  settings: z.object({
    alpha: z.number(),
    minSamplePerArm: z.number().int(),
    maxErrorRateIncrease: z.number().nullable(),
    maxLatencyIncreaseMs: z.number().nullable(),
  }),
  arms: z.array(armResultOutput),
  comparisons: z.array(comparisonOutput),
  /** Per treatment arm and metric, the always-valid state after each counted look (the sequence narrowing). */
  series: z.array(z.object({ versionId: z.string(), metric: z.string(), points: z.array(seriesPointOutput) })),
});

/** The results of an experiment. */
export type ExperimentResults = z.infer<typeof experimentResultsOutput>;
/** One comparison of a treatment arm with the control. */
export type ComparisonResult = z.infer<typeof comparisonOutput>;

/** What `POST /api/experiments/{id}/stop` answers. */
export const stopExperimentOutput = z.object({
  id: z.string(),
  status: z.literal('STOPPED'),
  endReason: z.string(),
  endedAt: z.string(),
  /** The label now points at the control alone (false when it had already been moved elsewhere). */
  labelReverted: z.boolean(),
});
