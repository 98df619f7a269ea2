/**
 * Production generations on Postgres, in two parts, each against a baseline measured in the same run:
 *
 * 1. Ingestion: batches of 1,000 generations through `POST /api/v1/generations` (HTTP, auth,
 *    per-item validation, prompt resolution, pricing, the rollup trigger) against a bare multi-row
 *    `INSERT ... VALUES` of the same rows sent with `pg` from the same process (same table, same
 *    trigger). Target: at least 0.7x of the bare INSERT's throughput. Prints generations per second.
 * 2. Analytics at BENCH_GENERATIONS generations (default 10,000,000; inserted with generate_series,
 *    the Generation trigger filling the daily rollup as it goes): each endpoint with
 *    `source=production` over HTTP against its own statements sent bare. Target: under 200 ms.
 *
 * `BENCH_DATABASE_URL` (default the local Postgres) is where a throwaway database is created.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { periodOf } from '../../server/src/features/analytics/analyticsFilters.ts';
import { costsSql } from '../../server/src/features/analytics/costsQuery.ts';
import { dashboardSql } from '../../server/src/features/analytics/dashboardQuery.ts';
import { performanceSql, scoresSql } from '../../server/src/features/analytics/performanceQuery.ts';
import { startInProcessServer } from './inProcessServer.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GENERATIONS = Number(process.env.BENCH_GENERATIONS ?? 10_000_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const BATCH = 1000;
const server = await startInProcessServer(ADMIN_URL);
const { call } = server;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  await call('/api/auth/signup', { method: 'POST', json: { name: 'Bench', email: 'bench@example.com', password: 'correct horse battery' } });
  const { token } = await call('/api/auth/signin', { method: 'POST', json: { email: 'bench@example.com', password: 'correct horse battery' } });
  const workspace = await call('/api/workspaces', { method: 'POST', token, json: { name: 'Bench' } });
  const project = await call('/api/projects', { method: 'POST', token, json: { workspaceId: workspace.id, name: 'Bench' } });
  const prompt = await call('/api/prompts', {
    method: 'POST',
    token,
    json: { projectId: project.id, name: 'support-reply', content: 'Hello {{name}}', model: 'openai/gpt-4o-mini' },
  });
  await call(`/api/prompts/${prompt.id}/labels/production`, { method: 'PUT', token, json: { versionNumber: 1 } });
  const pool = new pg.Pool({ connectionString: server.databaseUrl, max: 4 });
  console.log(`load average before: ${load()} (${availableParallelism()} cores)`);

  // 1. Ingestion. Both sides write the same rows (ids differ by prefix) into the same table.
  const item = (id: string, i: number) => ({
    id,
    prompt: { name: 'support-reply', label: 'production' },
    model: i % 2 ? 'openai/gpt-4o-mini' : 'anthropic/claude-3-5-haiku',
    input: { name: `user ${i}`, question: 'Where is my parcel? It was due on Monday.' },
    output: 'Hello! Your parcel left our warehouse on Monday and should reach you within two days.',
    usage: { inputTokens: 120 + (i % 50), outputTokens: 40 + (i % 30) },
    latencyMs: 200 + ((i * 37) % 1800),
    status: i % 20 === 0 ? 'error' : 'success',
    costUsd: 0.0001 * (1 + (i % 7)),
    userId: `end-user-${i % 500}`,
    metadata: { region: 'eu' },
    startedAt: new Date(Date.now() - (i % 3600) * 1000).toISOString(),
  });
  const columns = [
    'workspaceId',
    'id',
    'projectId',
    'promptId',
    'versionId',
    'label',
    'model',
    'provider',
    'input',
    'output',
    'inputTokens',
    'outputTokens',
    'costUsd',
    'latencyMs',
    'status',
    'userId',
    'metadata',
    'startedAt',
  ];
  const bareInsert = (batch: Array<ReturnType<typeof item>>) => {
    const values: unknown[] = [];
    const rows = batch.map((g) => {
      const row = [
        workspace.id,
        g.id,
        project.id,
        prompt.id,
        prompt.version.id,
        g.prompt.label,
        g.model,
        g.model.split('/')[0],
        JSON.stringify(g.input),
        g.output,
        g.usage.inputTokens,
        g.usage.outputTokens,
        g.costUsd,
        g.latencyMs,
        g.status,
        g.userId,
        JSON.stringify(g.metadata),
        g.startedAt.replace('Z', ''),
      ];
      const first = values.length;
      values.push(...row);
      return `(${row.map((_, k) => `$${first + k + 1}`).join(', ')})`;
    });
    return pool.query(`INSERT INTO "Generation" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, values);
  };
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const batch = (prefix: string) => Array.from({ length: BATCH }, (_, i) => item(`${prefix}-${b}-${i}`, b * BATCH + i));
    const ours = batch('api');
    const bare = batch('bare');
    // Alternate which side goes first, so neither always meets the warmer cache.
    const sides = [
      async () => {
        const start = performance.now();
        const answer = await call('/api/v1/generations', { method: 'POST', token, json: { workspaceId: workspace.id, generations: ours } });
        if (answer.accepted !== BATCH) throw new Error(`accepted ${answer.accepted}: ${JSON.stringify(answer.rejected.slice(0, 2))}`);
        oursMs.push(performance.now() - start);
      },
      async () => {
        const start = performance.now();
        await bareInsert(bare);
        bareMs.push(performance.now() - start);
      },
    ];
    for (const side of b % 2 ? sides.reverse() : sides) await side();
  }
  const ours = median(oursMs);
  const bare = median(bareMs);
  console.log(`\ningestion: ${BATCHES} batches of ${BATCH} per side, medians`);
  console.log(`  POST /api/v1/generations  ${ours.toFixed(1)} ms/batch  ${Math.round((BATCH / ours) * 1000).toLocaleString('en')} generations/s`);
  console.log(`  bare multi-row INSERT     ${bare.toFixed(1)} ms/batch  ${Math.round((BATCH / bare) * 1000).toLocaleString('en')} generations/s`);
  console.log(`  ratio (ours/bare throughput): ${(bare / ours).toFixed(2)}x (target >= 0.7x)`);

  // 2. Analytics at GENERATIONS generations over 30 days.
  const seedStart = performance.now();
  const SEED_BATCH = 250_000;
  for (let start = 1; start <= GENERATIONS; start += SEED_BATCH) {
    await pool.query(
      `
      INSERT INTO "Generation" ("workspaceId", id, "projectId", "promptId", "versionId", label, model, provider, input, output,
                                "inputTokens", "outputTokens", "costUsd", "latencyMs", status, "startedAt")
      SELECT $1, 'seed-' || i, $2, $3, $4, CASE WHEN i % 4 = 0 THEN NULL ELSE 'production' END,
             (ARRAY['openai/gpt-4o-mini', 'openai/gpt-4.1-mini', 'anthropic/claude-3-5-haiku'])[1 + i % 3],
             CASE WHEN i % 3 = 2 THEN 'anthropic' ELSE 'openai' END, '{}'::jsonb, 'ok',
             100 + i % 50, 20 + i % 300, (i % 17) * 0.0001, 50 + (i * 37) % 2000,
             CASE WHEN i % 25 = 0 THEN 'error' ELSE 'success' END,
             now()::timestamp - (i % (30 * 24 * 60)) * interval '1 minute'
        FROM generate_series($5::int, $6::int) AS i`,
      [workspace.id, project.id, prompt.id, prompt.version.id, start, Math.min(start + SEED_BATCH - 1, GENERATIONS)],
    );
  }
  await pool.query(
    'VACUUM ANALYZE "Generation", "GenerationDailyRollup", "GenerationLatencyHistogram", "GenerationHourlyRollup", "GenerationHourlyLatencyHistogram"',
  );
  const counts = await pool.query(
    `SELECT (SELECT count(*) FROM "GenerationDailyRollup")::int AS days, (SELECT count(*) FROM "GenerationLatencyHistogram")::int AS buckets,
            (SELECT count(*) FROM "GenerationHourlyRollup")::int AS hours, (SELECT count(*) FROM "GenerationHourlyLatencyHistogram")::int AS "hourBuckets"`,
  );
  const c = counts.rows[0];
  console.log(
    `\nseeded ${GENERATIONS.toLocaleString('en')} generations in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (daily rollup: ${c.days} rows, ${c.buckets} histogram rows; hourly: ${c.hours} rows, ${c.hourBuckets} histogram rows)`,
  );
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const input = { workspaceId: workspace.id as string, from, to, source: 'production' as const };
  const period = periodOf(input);
  const bareQueries = (queries: Array<{ text: string; values: unknown[] }>) => () => Promise.all(queries.map((q) => pool.query(q.text, q.values)));
  const cases = [
    { endpoint: '/api/analytics', bare: bareQueries([dashboardSql(input, period)]) },
    { endpoint: '/api/analytics/costs', bare: bareQueries(Object.values(costsSql(input))) },
    { endpoint: '/api/analytics/performance', bare: bareQueries([performanceSql(input, period), scoresSql(input, period)]) },
  ];
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
  console.log(`medians of 9, source=production over ${GENERATIONS.toLocaleString('en')} generations (30 days)`);
  console.log('endpoint                        HTTP ms   bare SQL ms   ratio   (target: HTTP < 200 ms)');
  const qs = `workspaceId=${workspace.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&source=production`;
  for (const c of cases) {
    const http = await time(() => call(`${c.endpoint}?${qs}`, { token }));
    const bareSql = await time(c.bare);
    console.log(`${c.endpoint.padEnd(30)} ${http.toFixed(1).padStart(8)}   ${bareSql.toFixed(1).padStart(11)}   ${(http / bareSql).toFixed(2).padStart(4)}x`);
  }
  const dashboard = await call(`/api/analytics?${qs}`, { token });
  console.log(
    `\ndashboard: ${dashboard.runs.toLocaleString('en')} generations, p95 ${dashboard.latency.p95Ms?.toFixed(0)} ms (${dashboard.latency.percentileMethod})`,
  );
  console.log(`load average after: ${load()}`);
  await pool.end();
} finally {
  await server.stop();
}
