/**
 * HTTP throughput at 50 connections: our `GET /api/prompts/{id}` (Bearer session, membership check,
 * prompt + latest version + labels) and `POST /api/prompts/{id}/versions` (a new version each
 * request) beside a bare Express 5 + pg endpoint doing one primary-key SELECT / one versioned insert
 * transaction, on the same fresh Postgres database in the same run. Both servers run as child
 * processes (ours is the built `server/dist/main.js`, NODE_ENV=production); autocannon runs here.
 * Target: reads at least 0.7x the bare req/s, auth included.
 *
 * Env: BENCH_DATABASE_URL (admin URL; a throwaway database is created and dropped),
 * BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (50), BENCH_ROUNDS (1: more rounds run the
 * cases in turn again and report each case's median round, which steadies a shared machine),
 * BENCH_CPU_PROF=<dir> writes each server's V8 CPU profile to <dir>/ours and <dir>/bare (node
 * --cpu-prof, sampled every BENCH_CPU_PROF_INTERVAL microseconds, 1000 by default; the bare
 * side's tsx loader thread writes a second, idle profile),
 * BENCH_ONLY=oursRead,bareRead runs only those cases (for profiling one path),
 * BENCH_SERVER_DIR=<checkout>/server measures another build of ours (e.g. a `git worktree` of an
 * older commit, for before/after figures).
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
const CPU_PROF_INTERVAL = Number(process.env.BENCH_CPU_PROF_INTERVAL ?? 1000);
/** Node flags writing a server's CPU profile to `<BENCH_CPU_PROF>/<side>/` (none without it). */
const profileArgs = (side: 'ours' | 'bare') =>
  CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}/${side}`, `--cpu-prof-interval=${CPU_PROF_INTERVAL}`] : [];
const ONLY = process.env.BENCH_ONLY?.split(',');
/** Writes spread over this many prompts each side, so they do not all queue on one row lock. */
const WRITE_PROMPTS = 50;
const READ_TARGET = 0.7;

const serverDir = process.env.BENCH_SERVER_DIR
  ? `${process.env.BENCH_SERVER_DIR.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../server/', import.meta.url));
const build = spawnSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' });
if (build.status !== 0) throw new Error('server build failed');

const dbName = `promptstack_bench_http_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;

const children: ChildServer[] = [];
try {
  const ours = await startChildServer(
    [...profileArgs('ours'), `${serverDir}dist/main.js`],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: dbUrl.toString(),
      NEXTAUTH_SECRET: 'bench-secret-0123456789-0123456789',
      NEXTAUTH_URL: 'http://127.0.0.1',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_LOGIN: '0',
    },
    '/healthz',
  );
  children.push(ours);
  const seed = await seedBenchData(ours.url, WRITE_PROMPTS);
  const bare = await startChildServer(
    [...profileArgs('bare'), '--import', 'tsx', fileURLToPath(new URL('./bareExpressPg.ts', import.meta.url))],
    { DATABASE_URL: dbUrl.toString() },
    '/healthz',
  );
  children.push(bare);

  const auth = { authorization: `Bearer ${seed.token}` };
  let written = 0;
  /** Each write: the next prompt of its side, round robin, with content no request sent before. */
  const writeTo = (base: string, ids: string[]) => () => {
    const n = written++;
    return {
      path: `${base}${ids[n % ids.length]}/versions`,
      body: JSON.stringify({ source: `---\nmodel: openai/gpt-4o-mini\n---\nHello {{name}}, request ${n}.` }),
    };
  };
  const trpcInput = encodeURIComponent(JSON.stringify({ id: seed.readPromptId }));
  const targets = {
    bareRead: { label: 'bare Express + pg: SELECT by id', url: `${bare.url}/prompts/${seed.readPromptId}`, serverCpuMs: bare.cpuMs },
    oursRead: { label: 'ours: GET /api/prompts/{id}', url: `${ours.url}/api/prompts/${seed.readPromptId}`, headers: auth, serverCpuMs: ours.cpuMs },
    oursTrpcRead: { label: 'ours: /trpc/prompts.get', url: `${ours.url}/trpc/prompts.get?input=${trpcInput}`, headers: auth, serverCpuMs: ours.cpuMs },
    bareWrite: {
      label: 'bare Express + pg: versioned insert',
      url: bare.url,
      method: 'POST',
      next: writeTo('/prompts/', seed.bareWritePromptIds),
      serverCpuMs: bare.cpuMs,
    },
    oursWrite: {
      label: 'ours: POST /api/prompts/{id}/versions',
      url: ours.url,
      method: 'POST',
      headers: auth,
      next: writeTo('/api/prompts/', seed.oursWritePromptIds),
      serverCpuMs: ours.cpuMs,
    },
  } satisfies Record<string, LoadTarget>;
  const keys = (Object.keys(targets) as Array<keyof typeof targets>).filter((key) => !ONLY || ONLY.includes(key));
  const options = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP, rounds: ROUNDS };
  const measured = await measureRounds(targets, keys, options);
  const { figures } = measured;
  const rows: Array<[LoadFigures | undefined, string]> = [
    [figures.bareRead, ''],
    [figures.oursRead, ratioText(figures.oursRead, figures.bareRead, READ_TARGET)],
    [figures.oursTrpcRead, ratioText(figures.oursTrpcRead, figures.bareRead)],
    [figures.bareWrite, ''],
    [figures.oursWrite, ratioText(figures.oursWrite, figures.bareWrite)],
  ];
  if (!reportLoad('server-http.json', measured, rows, options)) process.exitCode = 1;
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
