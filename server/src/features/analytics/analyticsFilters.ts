/**
 * The WHERE clause every analytics query shares, built with Prisma.sql so every value is a bound
 * parameter (never concatenated), and the period it covers. Times are UTC: the columns are
 * `timestamp(3)` holding UTC, so bounds are cast from ISO text with `::timestamp`.
 */
import { TRPCError } from '@trpc/server';
import { Prisma } from '../../generated/prisma/client.ts';
import { DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS, type AnalyticsFilterInput } from './analyticsSchemas.ts';

const DAY_MS = 86_400_000;

/** A validated period: `from` inclusive, `to` exclusive. */
export interface Period {
  from: Date;
  to: Date;
}

/** The period asked for (default: the last 30 days); BAD_REQUEST when reversed or longer than a year. */
export function periodOf(input: Pick<AnalyticsFilterInput, 'from' | 'to'>, now = new Date()): Period {
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (!(from < to)) throw new TRPCError({ code: 'BAD_REQUEST', message: '`from` must be before `to`' });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw new TRPCError({ code: 'BAD_REQUEST', message: `The period may cover at most ${MAX_PERIOD_DAYS} days` });
  return { from, to };
}

/** Conditions on TestRun (aliased `r`) for the filters and `period` (omit the period for month-to-date). */
export function runConditions(input: AnalyticsFilterInput, period: Period | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`r."workspaceId" = ${input.workspaceId}`];
  if (period) {
    parts.push(Prisma.sql`r."createdAt" >= ${period.from.toISOString()}::timestamp`);
    parts.push(Prisma.sql`r."createdAt" < ${period.to.toISOString()}::timestamp`);
  }
  if (input.projectId) parts.push(Prisma.sql`r."projectId" = ${input.projectId}`);
  if (input.promptId) parts.push(Prisma.sql`r."promptId" = ${input.promptId}`);
  if (input.model) parts.push(Prisma.sql`r."model" = ${input.model}`);
  return Prisma.join(parts, ' AND ');
}

/** successes / runs, or null without runs. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
