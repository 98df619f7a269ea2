/** Zod inputs and outputs of the A/B test procedures (both doors). */
import { AB_METRICS } from '@promptstack/core';
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { runInputSchema } from '../runs/index.ts';

/** Most variants one test compares. */
export const MAX_VARIANTS = 10;
/** Most repetitions of each input per variant. */
export const MAX_RUNS_PER_INPUT = 100;
/** Most inputs given inline. */
export const MAX_INLINE_INPUTS = 1000;
/** Most runs one test may make (variants x inputs x runsPerInput); beyond it the request is a 400. */
export const MAX_TOTAL_RUNS = 10_000;

const variantInput = z.object({
  name: z.string().trim().min(1).max(100),
  promptId: idSchema,
  /** Default: the prompt's latest version when the test is created. */
  versionId: idSchema.optional(),
  /** Default: the version's `model:`. */
  model: z.string().trim().min(1).max(200).optional(),
  config: z
    .record(z.string().max(100), z.unknown())
    .refine((v) => JSON.stringify(v).length <= 16_384, 'config must be at most 16 KB of JSON')
    .optional(),
});

/** `POST /api/ab-tests` */
export const createAbTestInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    projectId: idSchema,
    variants: z.array(variantInput).min(2, 'An A/B test needs at least 2 variants').max(MAX_VARIANTS),
    datasetId: idSchema.optional(),
    inputs: z.array(runInputSchema).min(1).max(MAX_INLINE_INPUTS).optional(),
    runsPerInput: z.number().int().min(1).max(MAX_RUNS_PER_INPUT).default(1),
    primaryMetric: z.enum(AB_METRICS as unknown as [string, ...string[]]).default('successRate'),
  })
  .refine((v) => (v.datasetId === undefined) !== (v.inputs === undefined), { message: 'Give either datasetId or inputs (not both)', path: ['inputs'] })
  .refine((v) => new Set(v.variants.map((x) => x.name)).size === v.variants.length, { message: 'Variant names must be distinct', path: ['variants'] });
export type CreateAbTestInput = z.infer<typeof createAbTestInput>;

export const abTestIdInput = z.object({ id: idSchema });
export const listAbTestsInput = z.object({ projectId: idSchema });

/** `POST /api/ab-tests/{id}/winner` */
export const chooseWinnerInput = z.object({
  id: idSchema,
  variantId: idSchema,
  /** Moves this label of the winner's prompt to the winner's version. */
  moveLabel: z.literal('production').optional(),
});

export const createdOutput = z.object({ id: z.string() });

const statusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

export const variantStatsOutput = z.object({
  id: z.string(),
  name: z.string(),
  promptId: z.string(),
  versionId: z.string(),
  model: z.string(),
  config: z.record(z.string(), z.unknown()),
  runs: z.number().int(),
  successes: z.number().int(),
  successRate: z.number().nullable(),
  ratedRuns: z.number().int(),
  meanRating: z.number().nullable(),
  /** Runs whose prompt declares JSON output (they have a schema verdict). */
  schemaCheckedRuns: z.number().int(),
  /** The share of those whose answer met `output.schema`; null without any. */
  schemaValidRate: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  meanCostUsd: z.number().nullable(),
  totalCostUsd: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
});

export const abTestSummaryOutput = z.object({
  id: z.string(),
  name: z.string(),
  workspaceId: z.string(),
  projectId: z.string(),
  status: statusSchema,
  primaryMetric: z.string(),
  runsPerInput: z.number().int(),
  datasetId: z.string().nullable(),
  progress: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int(), percent: z.number() }),
  winnerVariantId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

export const abTestOutput = abTestSummaryOutput.extend({
  inputCount: z.number().int(),
  variants: z.array(variantStatsOutput),
  /** core's AbTestAnalysis: stored when the test completes, computed from the runs so far before that. */
  analysis: z.record(z.string(), z.unknown()).nullable(),
  /** The variant the analysis recommends on the primary metric (null: not enough evidence). */
  recommendedVariantId: z.string().nullable(),
  winner: z.object({ variantId: z.string(), chosenById: z.string().nullable(), chosenAt: z.string().nullable() }).nullable(),
});
export type AbTestOutput = z.infer<typeof abTestOutput>;
export type AbTestSummary = z.infer<typeof abTestSummaryOutput>;
