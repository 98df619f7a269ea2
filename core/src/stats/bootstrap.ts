/**
 * Seeded percentile-bootstrap confidence intervals for differences of means.
 * The PRNG is @stdlib/random-base-mt19937 (Mersenne Twister, seedable, maintained) so an
 * analysis is reproducible: the same runs and seed always give the same interval.
 */
import mt19937 from '@stdlib/random-base-mt19937';
import { quantileSorted } from 'simple-statistics';
import type { ConfidenceInterval, StatsResult } from './types.ts';

/** Resamples per interval: enough for stable 2.5%/97.5% percentiles (Efron & Tibshirani suggest >= 1,000). */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
/** Default seed, so two analyses of the same runs agree to the last digit. */
export const DEFAULT_BOOTSTRAP_SEED = 20240401;

/** Options of the bootstrap intervals. */
export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
}

const TWO_POW_32 = 4294967296;

/**
 * A uniform [0, 1) generator seeded with `seed` (any finite number; reduced to a positive 32-bit integer).
 * It scales one 32-bit draw rather than using mt19937's 53-bit `normalized` (two draws): resampling
 * indices need no more resolution, and the bootstrap's cost is mostly these calls.
 */
export function createSeededRandom(seed: number): () => number {
  const s = Math.abs(Math.trunc(Number.isFinite(seed) ? seed : 0)) % 0xffffffff || 1;
  const prng = mt19937.factory({ seed: s });
  return () => prng() / TWO_POW_32;
}

function resampledMean(xs: readonly number[], random: () => number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(random() * xs.length)]!;
  return sum / xs.length;
}

function percentileInterval(stats: number[], level: number): ConfidenceInterval {
  stats.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return { lower: quantileSorted(stats, tail), upper: quantileSorted(stats, 1 - tail), level };
}

function checked(samples: readonly (readonly number[])[], options: BootstrapOptions): StatsResult<Required<BootstrapOptions>> {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 10 || !(level > 0 && level < 1)) {
    return { ok: false, error: { code: 'invalid-input', message: 'resamples must be an integer >= 10 and level in (0, 1).' } };
  }
  if (samples.some((s) => s.length === 0)) {
    return { ok: false, error: { code: 'too-few-observations', message: 'Each sample needs at least one value to bootstrap.' } };
  }
  if (!samples.every((s) => s.every(Number.isFinite))) {
    return { ok: false, error: { code: 'invalid-input', message: 'Samples must contain only finite numbers.' } };
  }
  return { ok: true, value: { resamples, level, seed: options.seed ?? DEFAULT_BOOTSTRAP_SEED } };
}

/** Percentile bootstrap CI for mean(b) − mean(a), resampling each independent sample separately. */
export function bootstrapMeanDifferenceCi(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): StatsResult<ConfidenceInterval> {
  const opts = checked([a, b], options);
  if (!opts.ok) return opts;
  const random = createSeededRandom(opts.value.seed);
  const stats = new Array<number>(opts.value.resamples);
  for (let r = 0; r < stats.length; r++) stats[r] = resampledMean(b, random) - resampledMean(a, random);
  return { ok: true, value: percentileInterval(stats, opts.value.level) };
}

/** Percentile bootstrap CI for the mean of paired differences (B − A per input), resampling pairs. */
export function bootstrapPairedMeanDifferenceCi(differences: readonly number[], options: BootstrapOptions = {}): StatsResult<ConfidenceInterval> {
  const opts = checked([differences], options);
  if (!opts.ok) return opts;
  const random = createSeededRandom(opts.value.seed);
  const stats = new Array<number>(opts.value.resamples);
  for (let r = 0; r < stats.length; r++) stats[r] = resampledMean(differences, random);
  return { ok: true, value: percentileInterval(stats, opts.value.level) };
}
