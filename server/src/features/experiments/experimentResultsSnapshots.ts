/**
 * The stored looks of an experiment (ExperimentSnapshot): the latest always-valid state per
 * treatment arm and metric, which the next look continues from, and the series the A/B view draws.
 */
import type { SequentialState } from '@promptstack/core/stats/index';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { ComparisonResult, ExperimentResults } from './experimentResultsSchemas.ts';

type Db = Prisma.TransactionClient | PrismaClient;

/** Most snapshots one results answer returns (the newest); a look is stored only when the counts grew. */
export const SERIES_POINT_LIMIT = 5000;

/** The latest stored look of one arm and metric. */
export interface LatestLook {
  state: SequentialState;
  nControl: number;
  nTreatment: number;
}

/** Key of an arm and metric in the maps below. */
export function lookKey(versionId: string, metric: string): string {
  return `${versionId}\u0000${metric}`;
}

/** The latest snapshot per treatment arm and metric of `experimentId`. */
export async function latestLooks(db: Db, experimentId: string): Promise<Map<string, LatestLook>> {
  const rows = await db.$queryRaw<
    Array<{ versionId: string; metric: string; nControl: number; nTreatment: number; pValue: number; lower: number; upper: number }>
  >`
    SELECT DISTINCT ON ("versionId", metric) "versionId", metric, "nControl", "nTreatment", "pValue", lower, upper
      FROM "ExperimentSnapshot"
     WHERE "experimentId" = ${experimentId}
     ORDER BY "versionId", metric, "createdAt" DESC, ("nControl" + "nTreatment") DESC`;
  return new Map(
    rows.map((r) => [
      lookKey(r.versionId, r.metric),
      { state: { pValue: r.pValue, lower: r.lower, upper: r.upper }, nControl: r.nControl, nTreatment: r.nTreatment },
    ]),
  );
}

/** Stores the counted looks whose counts differ from the latest stored ones (re-reading unchanged data stores nothing). */
export async function recordLooks(
  db: Db,
  experimentId: string,
  looks: ReadonlyArray<{ comparison: ComparisonResult; state: SequentialState; counted: boolean }>,
  latest: ReadonlyMap<string, LatestLook>,
): Promise<number> {
  const data = looks
    .filter(({ comparison: c, counted }) => {
      const last = latest.get(lookKey(c.versionId, c.metric));
      return counted && c.difference !== null && (!last || last.nControl !== c.nControl || last.nTreatment !== c.nTreatment);
    })
    .map(({ comparison: c, state }) => ({
      experimentId,
      versionId: c.versionId,
      metric: c.metric,
      nControl: c.nControl,
      nTreatment: c.nTreatment,
      difference: c.difference!,
      pValue: state.pValue,
      lower: state.lower,
      upper: state.upper,
      verdict: c.verdict,
    }));
  if (data.length) await db.experimentSnapshot.createMany({ data });
  return data.length;
}

/** The stored looks as series per treatment arm and metric, oldest first (the newest SERIES_POINT_LIMIT in all). */
export async function lookSeries(db: Db, experimentId: string): Promise<ExperimentResults['series']> {
  const rows = await db.experimentSnapshot.findMany({
    where: { experimentId },
    orderBy: [{ createdAt: 'desc' }, { nTreatment: 'desc' }, { nControl: 'desc' }],
    take: SERIES_POINT_LIMIT,
    select: { versionId: true, metric: true, nControl: true, nTreatment: true, difference: true, pValue: true, lower: true, upper: true, createdAt: true },
  });
  const series = new Map<string, ExperimentResults['series'][number]>();
  for (const row of rows.reverse()) {
    const key = lookKey(row.versionId, row.metric);
    let entry = series.get(key);
    if (!entry) {
      entry = { versionId: row.versionId, metric: row.metric, points: [] };
      series.set(key, entry);
    }
    entry.points.push({
      at: row.createdAt.toISOString(),
      nControl: row.nControl,
      nTreatment: row.nTreatment,
      difference: row.difference,
      pValue: row.pValue,
      lower: row.lower,
      upper: row.upper,
    });
  }
  return [...series.values()];
}
