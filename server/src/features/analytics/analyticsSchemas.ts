/** Zod inputs and outputs of the analytics procedures (Viewers may read them all). */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';

/** What analytics can count: test runs, production generations, or both. */
export const ANALYTICS_SOURCES = ['test', 'production', 'all'] as const;
/** Longest period one request may cover. */
export const MAX_PERIOD_DAYS = 366;
/** Period used when `from` is not given: the last 30 days up to `to`. */
export const DEFAULT_PERIOD_DAYS = 30;

const isoDate = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date (2026-11-01) or date-time');

/** The filters every analytics endpoint takes (query string). */
export const analyticsFilterInput = z.object({
  workspaceId: idSchema,
  projectId: idSchema.optional(),
  promptId: idSchema.optional(),
  /** Exact model id as recorded (`openai/gpt-4o-mini`). */
  model: z.string().trim().min(1).max(200).optional(),
  /** Start of the period, inclusive (default: 30 days before `to`). */
  from: isoDate.optional(),
  /** End of the period, exclusive (default: now). */
  to: isoDate.optional(),
  /**
   * What is counted: `test` (runs from the editor and A/B tests, the default, so answers stay as
   * they were), `production` (generations logged by applications) or `all` (both, a generation
   * counting as one run).
   */
  source: z.enum(ANALYTICS_SOURCES).optional(),
});
export type AnalyticsFilterInput = z.infer<typeof analyticsFilterInput>;

/**
 * How the percentiles were computed: `exact` (percentile_cont over the runs, for scopes of at most
 * EXACT_PERCENTILE_MAX_RUNS runs) or `histogram` (from the daily latency histograms, within 2%).
 */
const percentileMethod = z.enum(['exact', 'histogram']);
const latency = z.object({ avgMs: z.number().nullable(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable(), percentileMethod });
const period = z.object({ from: z.string(), to: z.string() });

/** `GET /api/analytics` */
export const dashboardOutput = z.object({
  period,
  /** Live prompts in scope (workspace, project or the one prompt). */
  prompts: z.number().int(),
  /** Prompts with at least one run in the period. */
  activePrompts: z.number().int(),
  runs: z.number().int(),
  successes: z.number().int(),
  errors: z.number().int(),
  /** successes / runs (null without runs); errors are ERROR runs, the rest cancelled or pending. */
  successRate: z.number().nullable(),
  errorRate: z.number().nullable(),
  /** What the runs' own calls cost. */
  spendUsd: z.number(),
  /** What their llm-judge assertions' calls cost (also counted by the monthly spend limit). */
  judgeSpendUsd: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  latency,
});

/** `costUsd`: the runs' own calls; `judgeCostUsd`: their llm-judge assertions' calls. */
const costRow = z.object({ runs: z.number().int(), costUsd: z.number(), judgeCostUsd: z.number() });

/** `GET /api/analytics/costs` */
export const costsOutput = z.object({
  period,
  totalUsd: z.number(),
  judgeTotalUsd: z.number(),
  byDay: z.array(costRow.extend({ day: z.string() })),
  byModel: z.array(costRow.extend({ model: z.string() })),
  byProject: z.array(costRow.extend({ projectId: z.string(), name: z.string().nullable() })),
  byPrompt: z.array(costRow.extend({ promptId: z.string(), name: z.string().nullable() })),
  /** This period against the one of equal length just before it. */
  trend: z.object({ previousFrom: z.string(), previousUsd: z.number(), currentUsd: z.number(), changePct: z.number().nullable() }),
  /** The current UTC calendar month (same filters, ignoring from/to): spend so far and the straight-line projection. */
  projection: z.object({ month: z.string(), monthToDateUsd: z.number(), daysElapsed: z.number(), daysInMonth: z.number().int(), projectedUsd: z.number() }),
});

const perfFigures = z.object({
  runs: z.number().int(),
  successRate: z.number().nullable(),
  errorRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  avgCostUsd: z.number().nullable(),
  avgOutputTokens: z.number().nullable(),
});

/** `GET /api/analytics/performance` */
export const performanceOutput = z.object({
  period,
  /** Applies to every p50/p95/p99 of the answer. */
  percentileMethod,
  overall: perfFigures,
  byModel: z.array(perfFigures.extend({ model: z.string() })),
  byVersion: z.array(
    perfFigures.extend({ versionId: z.string(), promptId: z.string(), promptName: z.string().nullable(), versionNumber: z.number().int().nullable() }),
  ),
  /** Production generations by the label the application fetched the prompt by (test runs have none). */
  byLabel: z.array(perfFigures.extend({ label: z.string() })),
  /** Mean of the scores logged on the period's generations, per score name (empty for `source=test`). */
  scores: z.array(z.object({ name: z.string(), count: z.number().int(), mean: z.number() })),
  /** Each model against the best in the period: p50 and cost as ratios to the lowest, success rate as a difference from the highest. */
  modelComparison: z.object({
    fastestModel: z.string().nullable(),
    cheapestModel: z.string().nullable(),
    mostReliableModel: z.string().nullable(),
    models: z.array(z.object({ model: z.string(), p50Ratio: z.number().nullable(), costRatio: z.number().nullable(), successRateGap: z.number().nullable() })),
  }),
});
export type DashboardOutput = z.infer<typeof dashboardOutput>;
export type CostsOutput = z.infer<typeof costsOutput>;
export type PerformanceOutput = z.infer<typeof performanceOutput>;
