/**
 * HTTP throughput at 50 connections: our `GET /api/prompts/{id}` (Bearer session, membership check,
 * prompt + latest version + labels) and `POST /api/prompts/{id}/versions` (a new version each
 * request) beside a bare Express 5 + pg endpoint doing one primary-key SELECT / one versioned insert
 * transaction, on the same fresh Postgres database in the same run. Both servers run as child
 * processes (ours is the built `server/dist/main.js`, NODE_ENV=production); autocannon runs here.
 * Target: reads at least 0.7x the bare req/s, auth included.
 *
 * Env: as benchServers.ts says (BENCH_SECONDS, BENCH_ROUNDS, BENCH_ONLY=oursRead,bareRead,
 * BENCH_CPU_PROF, ...), and BENCH_SERVER_DIR=<checkout>/server to measure another build of ours
 * (e.g. a `git worktree` of an older commit, for before/after figures).
 */
import { fileURLToPath } from 'node:url';
import { benchSettings, startBenchServers } from './benchServers.ts';
import { measureRounds, ratioText, reportLoad, type LoadFigures, type LoadTarget } from './load.ts';
import { seedBenchData } from './seedBenchData.ts';

const settings = benchSettings();
/** Writes spread over this many prompts each side, so they do not all queue on one row lock. */
const WRITE_PROMPTS = 50;
const READ_TARGET = 0.7;

const serverDir = process.env.BENCH_SERVER_DIR ?? fileURLToPath(new URL('../../server/', import.meta.url));
const { ours, bare, stop } = await startBenchServers(settings.adminUrl, serverDir, { RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_LOGIN: '0' });
try {
  const seed = await seedBenchData(ours.url, WRITE_PROMPTS);
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
  const keys = (Object.keys(targets) as Array<keyof typeof targets>).filter((key) => !settings.only || settings.only.includes(key));
  const measured = await measureRounds(targets, keys, settings);
  const { figures } = measured;
  const rows: Array<[LoadFigures | undefined, string]> = [
    [figures.bareRead, ''],
    [figures.oursRead, ratioText(figures.oursRead, figures.bareRead, READ_TARGET)],
    [figures.oursTrpcRead, ratioText(figures.oursTrpcRead, figures.bareRead)],
    [figures.bareWrite, ''],
    [figures.oursWrite, ratioText(figures.oursWrite, figures.bareWrite)],
  ];
  if (!reportLoad('server-http.json', measured, rows, settings)) process.exitCode = 1;
} finally {
  await stop();
}
