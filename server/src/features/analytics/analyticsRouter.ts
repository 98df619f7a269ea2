/**
 * Analytics: `/trpc/analytics.*` and REST `GET /api/analytics`, `/api/analytics/costs`,
 * `/api/analytics/performance`. Computed in SQL (never loading runs or generations) from the daily
 * rollups for whole days and the raw rows for the partial days at the ends (runFacts.ts,
 * generationFacts.ts), filtered by workspace (required), project, prompt, model, period and
 * source (test runs, production generations or both). `analytics:read`: Viewers included.
 */
import { byWorkspaceId, router, workspaceProcedure } from '../../trpc.ts';
import { restMeta } from '../../http/restMeta.ts';
import { analyticsFilterInput, costsOutput, dashboardOutput, performanceOutput } from './analyticsSchemas.ts';
import { costs } from './costsQuery.ts';
import { dashboard } from './dashboardQuery.ts';
import { performance } from './performanceQuery.ts';

const tag = 'analytics';
const FILTERS =
  '`?workspaceId=&projectId=&promptId=&model=&from=&to=&source=` (default: the last 30 days of test runs; `source=production` counts generations logged by applications, `all` both)';

/** The analytics feature's router. */
export const analyticsRouter = router({
  dashboard: workspaceProcedure('analytics:read', byWorkspaceId)
    .meta(restMeta('GET', '/analytics', tag, `Prompts, runs, spend, success rate and latency p50/p95 for a workspace and period; ${FILTERS}`, [404]))
    .input(analyticsFilterInput)
    .output(dashboardOutput)
    .query(({ ctx, input }) => dashboard(ctx.prisma, input)),

  costs: workspaceProcedure('analytics:read', byWorkspaceId)
    .meta(
      restMeta(
        'GET',
        '/analytics/costs',
        tag,
        `Spend by day, model, project and prompt, the trend against the previous period and the month-end projection; ${FILTERS}`,
        [404],
      ),
    )
    .input(analyticsFilterInput)
    .output(costsOutput)
    .query(({ ctx, input }) => costs(ctx.prisma, input)),

  performance: workspaceProcedure('analytics:read', byWorkspaceId)
    .meta(
      restMeta(
        'GET',
        '/analytics/performance',
        tag,
        `Latency p50/p95/p99, success and error rates, by model and by version, and a model comparison; ${FILTERS}`,
        [404],
      ),
    )
    .input(analyticsFilterInput)
    .output(performanceOutput)
    .query(({ ctx, input }) => performance(ctx.prisma, input)),
});
