/**
 * The one relation every analytics endpoint aggregates: run facts (test runs, runFacts.ts),
 * production generation facts (generationFacts.ts) or both, as `source` asks. Both sources have
 * the same columns, so one GROUP BY over the relation counts runs and generations alike (a
 * generation is one "run" in the figures).
 */
import { Prisma } from '../../generated/prisma/client.ts';
import { runConditions, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput } from './analyticsSchemas.ts';
import { generationConditions, generationFactParts } from './generationFacts.ts';
import { runFactParts } from './runFacts.ts';

/** Which facts `input.source` takes in (test runs when unset). */
export function sourcesOf(input: AnalyticsFilterInput): { runs: boolean; generations: boolean } {
  const source = input.source ?? 'test';
  return { runs: source !== 'production', generations: source !== 'test' };
}

/**
 * The facts of the filters, period and source as one parenthesised relation; columns as
 * runFactParts documents. Column names come from the first branch, and every branch that can
 * come first names them all.
 */
export function factsSql(input: AnalyticsFilterInput, period: Period, options: { latencyBuckets?: boolean } = {}): Prisma.Sql {
  const { runs, generations } = sourcesOf(input);
  const parts = [...(runs ? runFactParts(input, period, options) : []), ...(generations ? generationFactParts(input, period, options) : [])];
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')})`;
}

/**
 * Every latency of the filters, period and source, one row each with its model, versionId and
 * label (aliased `l`): what exact percentiles are computed over, for small scopes only.
 */
export function latenciesSql(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  const { runs, generations } = sourcesOf(input);
  const parts: Prisma.Sql[] = [];
  if (runs) parts.push(Prisma.sql`SELECT r.model, r."versionId", NULL::text AS label, r."latencyMs" FROM "TestRun" r WHERE ${runConditions(input, period)}`);
  if (generations)
    parts.push(Prisma.sql`SELECT g.model, g."versionId", g.label, g."latencyMs" FROM "Generation" g WHERE ${generationConditions(input, period)}`);
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')})`;
}
