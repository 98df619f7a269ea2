/**
 * Analytics over 1,000,000 runs in Postgres (inserted with generate_series; the TestRun triggers
 * fill the daily rollup as they go): each endpoint's latency over HTTP (auth, tRPC/OpenAPI, JSON)
 * against "bare SQL", the very statements the endpoint sends (rollup days + raw edge days), sent
 * with `pg` from the same process, in the same run. Targets: within 1.5x of the bare SQL and under
 * 200 ms. For context it also times the same aggregate computed straight from TestRun (what the
 * endpoints did before the rollup). Prints figures and the machine load.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { periodOf } from '../../server/src/features/analytics/analyticsFilters.ts';
import { costsSql } from '../../server/src/features/analytics/costsQuery.ts';
import { dashboardSql } from '../../server/src/features/analytics/dashboardQuery.ts';
import { performanceSql } from '../../server/src/features/analytics/performanceQuery.ts';
import { startInProcessServer } from './inProcessServer.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const server = await startInProcessServer(ADMIN_URL);
const { call } = server;
try {
  await call('/api/auth/signup', { method: 'POST', json: { name: 'Bench', email: 'bench@example.com', password: 'correct horse battery' } });
  const { token } = await call('/api/auth/signin', { method: 'POST', json: { email: 'bench@example.com', password: 'correct horse battery' } });
  const workspace = await call('/api/workspaces', { method: 'POST', token, json: { name: 'Bench' } });
  const project = await call('/api/projects', { method: 'POST', token, json: { workspaceId: workspace.id, name: 'Bench' } });
  const prompt = await call('/api/prompts', {
    method: 'POST',
    token,
    json: { projectId: project.id, name: 'bench', content: 'Hello {{name}}', model: 'openai/gpt-4o-mini' },
  });

  const pool = new pg.Pool({ connectionString: server.databaseUrl, max: 4 });
  const insertStart = performance.now();
  // In batches, as runs arrive in life; each batch's statement trigger adds its runs to the rollup.
  const BATCH = 100_000;
  for (let start = 1; start <= RUNS; start += BATCH) {
    await pool.query(
      `
      INSERT INTO "TestRun" (id, "workspaceId", "projectId", "promptId", "versionId", model, provider, status, "latencyMs", "costUsd", "inputTokens", "outputTokens", "createdAt")
      SELECT gen_random_uuid()::text, $1, $2, $3, $4,
             (ARRAY['openai/gpt-4o-mini', 'openai/gpt-4.1-mini', 'anthropic/claude-3-5-haiku'])[1 + i % 3],
             CASE WHEN i % 3 = 2 THEN 'anthropic' ELSE 'openai' END,
             (CASE WHEN i % 10 = 0 THEN 'ERROR' ELSE 'SUCCESS' END)::"RunStatus",
             50 + (i * 37) % 2000, (i % 17) * 0.0001, 10 + i % 50, 5 + i % 300,
             now()::timestamp - (i % (30 * 24 * 60)) * interval '1 minute'
        FROM generate_series($5::int, $6::int) AS i`,
      [workspace.id, project.id, prompt.id, prompt.version.id, start, Math.min(start + BATCH - 1, RUNS)],
    );
  }
  await pool.query('VACUUM ANALYZE "TestRun", "RunDailyRollup", "RunLatencyHistogram"');
  const rollup = await pool.query('SELECT (SELECT count(*) FROM "RunDailyRollup")::int AS days, (SELECT count(*) FROM "RunLatencyHistogram")::int AS buckets');
  console.log(
    `inserted ${RUNS.toLocaleString('en')} runs in ${((performance.now() - insertStart) / 1000).toFixed(1)} s (rollup: ${rollup.rows[0].days} day rows, ${rollup.rows[0].buckets} histogram rows)\n`,
  );

  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const input = { workspaceId: workspace.id as string, from, to };
  const period = periodOf(input);
  // The endpoint's own statements, sent in parallel as the endpoint sends them.
  const bare = (queries: Array<{ text: string; values: unknown[] }>) => () => Promise.all(queries.map((q) => pool.query(q.text, q.values)));
  const where = `r."workspaceId" = $1 AND r."createdAt" >= $2::timestamp AND r."createdAt" < $3::timestamp`;
  const params = [workspace.id, from, to];
  const cases = [
    {
      endpoint: '/api/analytics',
      bare: bare([dashboardSql(input, period)]),
      raw: `SELECT count(*), sum(r."costUsd"), percentile_cont(0.5) WITHIN GROUP (ORDER BY r."latencyMs"), percentile_cont(0.95) WITHIN GROUP (ORDER BY r."latencyMs") FROM "TestRun" r WHERE ${where}`,
    },
    {
      endpoint: '/api/analytics/costs',
      bare: bare(Object.values(costsSql(input))),
      raw: `SELECT date_trunc('day', r."createdAt"), r.model, r."projectId", r."promptId", sum(r."costUsd") FROM "TestRun" r WHERE ${where} GROUP BY GROUPING SETS ((date_trunc('day', r."createdAt")), (r.model), (r."projectId"), (r."promptId"), ())`,
    },
    {
      endpoint: '/api/analytics/performance',
      bare: bare([performanceSql(input, period)]),
      raw: `SELECT r.model, r."versionId", count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY r."latencyMs"), percentile_cont(0.95) WITHIN GROUP (ORDER BY r."latencyMs"), percentile_cont(0.99) WITHIN GROUP (ORDER BY r."latencyMs") FROM "TestRun" r WHERE ${where} GROUP BY GROUPING SETS ((r.model), (r."versionId"), ())`,
    },
  ];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const time = async (fn: () => Promise<unknown>, n = 9) => {
    await fn();
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      await fn();
      out.push(performance.now() - start);
    }
    return median(out);
  };
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(', ');
  console.log(`load average before: ${load()} (${availableParallelism()} cores)`);
  console.log("medians of 9; bare SQL = the endpoint's own statements via pg; raw TestRun = the same aggregate over the runs (context)");
  console.log('endpoint                        HTTP ms   bare SQL ms   ratio   raw TestRun ms   (target: ratio <= 1.5x, HTTP < 200 ms)');
  for (const c of cases) {
    const qs = `workspaceId=${workspace.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const http = await time(() => call(`${c.endpoint}?${qs}`, { token }));
    const bareMs = await time(c.bare);
    const rawMs = await time(() => pool.query(c.raw, params), 3);
    console.log(
      `${c.endpoint.padEnd(30)} ${http.toFixed(1).padStart(8)}   ${bareMs.toFixed(1).padStart(11)}   ${(http / bareMs).toFixed(2).padStart(4)}x   ${rawMs.toFixed(0).padStart(14)}`,
    );
  }
  // How far the histogram percentiles are from percentile_cont over the same runs (documented: within 2%).
  const qs = `workspaceId=${workspace.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const answer = await call(`/api/analytics/performance?${qs}`, { token });
  const exact = (
    await pool.query(`SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY r."latencyMs") AS p FROM "TestRun" r WHERE ${where}`, params)
  ).rows[0].p as number[];
  const errors = (['p50Ms', 'p95Ms', 'p99Ms'] as const).map(
    (k, i) => `${k} ${answer.overall[k].toFixed(1)} vs ${exact[i]!.toFixed(1)} (${((answer.overall[k] / exact[i]! - 1) * 100).toFixed(2)}%)`,
  );
  console.log(`\npercentiles (${answer.percentileMethod}) against exact percentile_cont: ${errors.join(', ')}`);
  console.log(`load average after: ${load()}`);
  await pool.end();
} finally {
  await server.stop();
}
