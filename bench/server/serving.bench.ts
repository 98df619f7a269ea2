/**
 * Serving throughput at 50 connections: our `GET /api/v1/prompts/{name}?label=production` with an
 * API key (key resolution, its per-key throttle with a limit no run reaches, scope and project
 * check, the one-query read, ETag) beside a bare Express 5 + pg endpoint doing one
 * `SELECT ... WHERE name = $2` joined to the label's version, on the same fresh Postgres database
 * in the same run; and our 304 answer to `If-None-Match`. Both servers run as child processes
 * (ours is the built `server/dist/main.js`, NODE_ENV=production); autocannon runs here.
 * Target: the 200 path at least 0.8x the bare req/s.
 *
 * Env: BENCH_DATABASE_URL (admin URL; a throwaway database is created and dropped),
 * BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (50), BENCH_ROUNDS (1: more rounds run
 * the cases in turn again and report each case's median round), BENCH_CPU_PROF=<dir> writes our
 * server's V8 CPU profile there, BENCH_ONLY=bareServe,oursServe runs only those cases.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startChildServer, type ChildServer } from './childServer.ts';
import { measureRounds, ratioText, reportLoad, type LoadFigures, type LoadTarget } from './load.ts';
import { seedBenchData } from './seedBenchData.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const ONLY = process.env.BENCH_ONLY?.split(',');
const SERVE_TARGET = 0.8;
/** Per-key calls per minute: on, so its cost is measured, and far above what a run makes. */
const KEY_LIMIT_PER_MINUTE = '1000000000';

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));
const build = spawnSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' });
if (build.status !== 0) throw new Error('server build failed');

const dbName = `promptstack_bench_serving_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;

const children: ChildServer[] = [];
try {
  const ours = await startChildServer(
    [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []), `${serverDir}dist/main.js`],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: dbUrl.toString(),
      NEXTAUTH_SECRET: 'bench-secret-0123456789-0123456789',
      NEXTAUTH_URL: 'http://127.0.0.1',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_LOGIN: '0',
      RATE_LIMIT_API_KEY_PER_MINUTE: KEY_LIMIT_PER_MINUTE,
    },
    '/healthz',
  );
  children.push(ours);
  const seed = await seedBenchData(ours.url, 0);
  // A key for applications, made as an admin makes one: limited to the project, `prompts:read`.
  const created = await fetch(`${ours.url}/api/workspaces/${seed.workspaceId}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${seed.token}` },
    body: JSON.stringify({ name: 'bench', projectId: seed.projectId, scopes: ['prompts:read'] }),
  });
  if (created.status !== 201) throw new Error(`API key creation: ${created.status} ${await created.text()}`);
  const { key } = (await created.json()) as { key: string };
  const bare = await startChildServer(
    ['--import', 'tsx', fileURLToPath(new URL('./bareExpressPg.ts', import.meta.url))],
    { DATABASE_URL: dbUrl.toString() },
    '/healthz',
  );
  children.push(bare);

  const auth = { authorization: `Bearer ${key}` };
  const first = await fetch(`${ours.url}/api/v1/prompts/read?label=production`, { headers: auth });
  const etag = first.headers.get('etag');
  if (first.status !== 200 || !etag) throw new Error(`serving read: ${first.status} ${await first.text()}`);
  const targets = {
    bareServe: {
      label: 'bare Express + pg: SELECT by name',
      url: `${bare.url}/v1/prompts/read?projectId=${seed.projectId}&label=production`,
      serverCpuMs: bare.cpuMs,
    },
    oursServe: {
      label: 'ours: GET /api/v1/prompts/{name} (key)',
      url: `${ours.url}/api/v1/prompts/read?label=production`,
      headers: auth,
      serverCpuMs: ours.cpuMs,
    },
    oursNotModified: {
      label: 'ours: same, If-None-Match -> 304',
      url: `${ours.url}/api/v1/prompts/read?label=production`,
      headers: { ...auth, 'if-none-match': etag },
      expectStatus: 304,
      serverCpuMs: ours.cpuMs,
    },
  } satisfies Record<string, LoadTarget>;
  const keys = (Object.keys(targets) as Array<keyof typeof targets>).filter((name) => !ONLY || ONLY.includes(name));
  const options = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP, rounds: ROUNDS };
  const measured = await measureRounds(targets, keys, options);
  const { figures } = measured;
  const rows: Array<[LoadFigures | undefined, string]> = [
    [figures.bareServe, ''],
    [figures.oursServe, ratioText(figures.oursServe, figures.bareServe, SERVE_TARGET)],
    [figures.oursNotModified, ratioText(figures.oursNotModified, figures.bareServe)],
  ];
  if (!reportLoad('server-serving.json', measured, rows, options)) process.exitCode = 1;
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
