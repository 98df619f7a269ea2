/**
 * The verdict and guardrail settings of a live experiment, kept in `Experiment.settings`: one schema
 * for writing them (when an experiment starts) and one reading that fills the defaults, so a stored
 * object missing a key (or from an older version) still evaluates.
 */
import { DEFAULT_MIN_SAMPLE_PER_ARM, DEFAULT_SEQUENTIAL_ALPHA } from '@promptstack/core/stats/index';
import { z } from 'zod';

/**
 * Latency increase (treatment − control, in ms, at the confidence sequence's lower end) that stops an
 * experiment when no threshold is set: a new version may be a little slower on purpose (a larger
 * model), but half a second more per call on real traffic is a regression worth stopping for.
 */
export const DEFAULT_MAX_LATENCY_INCREASE_MS = 500;
/** Error-rate increase (a proportion, 0.02 = 2 points) tolerated when none is set: none. */
export const DEFAULT_MAX_ERROR_RATE_INCREASE = 0;

/** What an experiment's settings may hold (every key optional; `null` turns a guardrail off). */
export const experimentSettingsSchema = z.object({
  /** Significance level of the always-valid tests (verdicts and guardrails). */
  alpha: z.number().gt(0).max(0.5).optional(),
  /** Generations each arm needs before any verdict or guardrail. */
  minSamplePerArm: z.number().int().min(2).max(1_000_000).optional(),
  /** Stop when the treatment's error rate is surely more than this above the control's; null: never. */
  maxErrorRateIncrease: z.number().min(0).max(1).nullable().optional(),
  /** Stop when the treatment's mean latency is surely more than this many ms above the control's; null: never. */
  maxLatencyIncreaseMs: z.number().min(0).max(3_600_000).nullable().optional(),
});

/** Settings as written. */
export type ExperimentSettingsInput = z.infer<typeof experimentSettingsSchema>;

/** Settings with every default filled in. */
export interface ExperimentSettings {
  alpha: number;
  minSamplePerArm: number;
  maxErrorRateIncrease: number | null;
  maxLatencyIncreaseMs: number | null;
}

/** The effective settings of a stored `settings` value: valid keys kept, defaults for the rest. */
export function readExperimentSettings(stored: unknown): ExperimentSettings {
  const source = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const shape = experimentSettingsSchema.shape;
  const alpha = shape.alpha.safeParse(source.alpha);
  const min = shape.minSamplePerArm.safeParse(source.minSamplePerArm);
  const errorRate = shape.maxErrorRateIncrease.safeParse(source.maxErrorRateIncrease);
  const latency = shape.maxLatencyIncreaseMs.safeParse(source.maxLatencyIncreaseMs);
  return {
    alpha: (alpha.success ? alpha.data : undefined) ?? DEFAULT_SEQUENTIAL_ALPHA,
    minSamplePerArm: (min.success ? min.data : undefined) ?? DEFAULT_MIN_SAMPLE_PER_ARM,
    // null (turned off) is kept; missing or invalid takes the default.
    maxErrorRateIncrease: errorRate.success && errorRate.data !== undefined ? errorRate.data : DEFAULT_MAX_ERROR_RATE_INCREASE,
    maxLatencyIncreaseMs: latency.success && latency.data !== undefined ? latency.data : DEFAULT_MAX_LATENCY_INCREASE_MS,
  };
}
