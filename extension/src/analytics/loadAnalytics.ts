/**
 * Reads a workspace's analytics for the last N days from the backend's three analytics
 * procedures (one period for all, so the figures agree) and trims them to what the page shows.
 */
import type { BackendClient } from '../team/api/client.ts';
import type { AnalyticsData, AnalyticsSource } from '../webviews/protocol.ts';

const DAY_MS = 86_400_000;

/** Periods the page offers, in days; the first is the default. */
export const ANALYTICS_PERIODS = [30, 7, 90] as const;

/** The analytics of `workspace` over the `days` before `now`, of test runs or production generations; throws the client's error. */
export async function loadAnalytics(
  client: BackendClient,
  workspace: { id: string; name: string },
  days: number,
  source: AnalyticsSource = 'test',
  now = new Date(),
): Promise<AnalyticsData> {
  const filter = { workspaceId: workspace.id, from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString(), source };
  const [dashboard, costs, performance] = await Promise.all([
    client.analytics.dashboard.query(filter),
    client.analytics.costs.query(filter),
    client.analytics.performance.query(filter),
  ]);
  return {
    workspace,
    source,
    period: { from: filter.from, to: filter.to, days },
    dashboard: {
      runs: dashboard.runs,
      successes: dashboard.successes,
      errors: dashboard.errors,
      successRate: dashboard.successRate,
      spendUsd: dashboard.spendUsd,
      judgeSpendUsd: dashboard.judgeSpendUsd,
      inputTokens: dashboard.inputTokens,
      outputTokens: dashboard.outputTokens,
      latency: dashboard.latency,
    },
    spendByDay: costs.byDay.map(({ day, runs, costUsd }) => ({ day, runs, costUsd })),
    spendByModel: costs.byModel.map(({ model, runs, costUsd }) => ({ model, runs, costUsd })),
    performanceByModel: performance.byModel.map(({ model, runs, successRate, p50Ms, p95Ms }) => ({ model, runs, successRate, p50Ms, p95Ms })),
  };
}
