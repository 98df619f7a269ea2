/** The shapes of a live experiment's results, as the server answers them. */
import type { api } from '../../api.ts';

export type ExperimentResults = Awaited<ReturnType<typeof api.experimentResults.results.query>>;
export type ArmResult = ExperimentResults['arms'][number];
export type Comparison = ExperimentResults['comparisons'][number];
export type Series = ExperimentResults['series'][number];
