/**
 * Serving throughput at 50 connections: our `GET /api/v1/prompts/{name}?label=production` with an
 * API key (key resolution, its per-key throttle with a limit no run reaches, scope and project
 * check, the one-query read, ETag) beside a bare Express 5 + pg endpoint doing one
 * `SELECT ... WHERE name = $2` joined to the label's version, on the same fresh Postgres database
 * in the same run; and our 304 answer to `If-None-Match`. Both servers run as child processes
 * (ours is the built `server/dist/main.js`, NODE_ENV=production); autocannon runs here.
 * Target: the 200 path at least 0.8x the bare req/s.
 *
 * Env: as benchServers.ts says (BENCH_SECONDS, BENCH_ROUNDS, BENCH_ONLY=bareServe,oursServe,
 * BENCH_CPU_PROF, ...).
 */
import { fileURLToPath } from 'node:url';
import { benchSettings, startBenchServers } from './benchServers.ts';
import { measureRounds, ratioText, reportLoad, type LoadFigures, type LoadTarget } from './load.ts';
import { seedBenchData } from './seedBenchData.ts';

const settings = benchSettings();
const SERVE_TARGET = 0.8;
/** Per-key calls per minute: on, so its cost is measured, and far above what a run makes. */
const KEY_LIMIT_PER_MINUTE = '1000000000';

const { ours, bare, stop } = await startBenchServers(settings.adminUrl, fileURLToPath(new URL('../../server/', import.meta.url)), {
  RATE_LIMIT_WRITES_PER_MINUTE: '0',
  RATE_LIMIT_LOGIN: '0',
  RATE_LIMIT_API_KEY_PER_MINUTE: KEY_LIMIT_PER_MINUTE,
});
try {
  const seed = await seedBenchData(ours.url, 0);
  // A key for applications, made as an admin makes one: limited to the project, `prompts:read`.
  const created = await fetch(`${ours.url}/api/workspaces/${seed.workspaceId}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${seed.token}` },
    body: JSON.stringify({ name: 'bench', projectId: seed.projectId, scopes: ['prompts:read'] }),
  });
  if (created.status !== 201) throw new Error(`API key creation: ${created.status} ${await created.text()}`);
  const { key } = (await created.json()) as { key: string };

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
  const keys = (Object.keys(targets) as Array<keyof typeof targets>).filter((name) => !settings.only || settings.only.includes(name));
  const measured = await measureRounds(targets, keys, settings);
  const { figures } = measured;
  const rows: Array<[LoadFigures | undefined, string]> = [
    [figures.bareServe, ''],
    [figures.oursServe, ratioText(figures.oursServe, figures.bareServe, SERVE_TARGET)],
    [figures.oursNotModified, ratioText(figures.oursNotModified, figures.bareServe)],
  ];
  if (!reportLoad('server-serving.json', measured, rows, settings)) process.exitCode = 1;
} finally {
  await stop();
}
