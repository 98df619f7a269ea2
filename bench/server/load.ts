/**
 * Autocannon load runs against one endpoint, summarised as req/s and latency percentiles; rounds
 * of them over several endpoints, and their report (a table and bench/results/<file>).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import autocannon from 'autocannon';

/** What a load run measured. Latencies in ms. */
export interface LoadFigures {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  /** Answers outside 2xx (or other than the expected status) and connection errors/timeouts: any makes the figures void. */
  non2xx: number;
  errors: number;
  /** The server process's CPU time per answered request, in ms (its own work, not the database's). */
  serverCpuMsPerRequest: number;
}

/** A request to load: fixed, or rebuilt per request (each write different content). */
export interface LoadTarget {
  label: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Called for every request; returns the path and body to send. */
  next?: () => { path: string; body?: string };
  /** The serving process's CPU time so far, in ms. */
  serverCpuMs: () => number;
  /** The one status every answer must have (304 for a revalidation); by default any 2xx. */
  expectStatus?: number;
}

/** Runs `target` at `connections` for `seconds` (after an unmeasured warm-up of `warmupSeconds`). */
export async function measureLoad(target: LoadTarget, options: LoadOptions): Promise<LoadFigures> {
  const run = (duration: number) => {
    const next = target.next;
    return autocannon({
      url: target.url,
      connections: options.connections,
      duration,
      method: target.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...target.headers },
      ...(target.body !== undefined ? { body: target.body } : {}),
      ...(next ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...next() }) }] } : {}),
    });
  };
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const cpuBefore = target.serverCpuMs();
  const result = await run(options.seconds);
  const cpu = target.serverCpuMs() - cpuBefore;
  return {
    label: target.label,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: target.expectStatus === undefined ? result.non2xx : result.requests.total - (result.statusCodeStats?.[`${target.expectStatus}`]?.count ?? 0),
    errors: result.errors + result.timeouts,
    serverCpuMsPerRequest: cpu / Math.max(1, result.requests.total),
  };
}

/** How long and how hard each run loads its target. */
export interface LoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

/**
 * Runs the targets `keys` names in turn, `rounds` times (more rounds steady a shared machine), and
 * keeps each one's median round by req/s.
 */
export async function measureRounds<K extends string>(
  targets: Record<K, LoadTarget>,
  keys: readonly K[],
  options: LoadOptions & { rounds: number },
): Promise<{ rounds: Map<K, LoadFigures[]>; figures: Partial<Record<K, LoadFigures>> }> {
  const rounds = new Map(keys.map((key) => [key, [] as LoadFigures[]]));
  for (let round = 0; round < options.rounds; round++) {
    for (const key of keys) rounds.get(key)!.push(await measureLoad(targets[key], options));
  }
  const figures: Partial<Record<K, LoadFigures>> = {};
  for (const [key, runs] of rounds) figures[key] = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
  return { rounds, figures };
}

/** ours req/s over the baseline's, with the target's verdict when there is one. */
export function ratioText(ours: LoadFigures | undefined, baseline: LoadFigures | undefined, target?: number): string {
  if (!ours || !baseline) return '';
  const value = ours.requestsPerSecond / baseline.requestsPerSecond;
  return `${value.toFixed(2)}x${target ? `  (target >= ${target}: ${value >= target ? 'ok' : 'MISSED'})` : ''}`;
}

/**
 * Prints the figures as a table (each row a figure and its ratio text) and a VOID line for every
 * run with an unexpected answer or an error, and writes them all to `bench/results/<file>`.
 * Returns whether every run was clean.
 */
export function reportLoad<K extends string>(
  file: string,
  measured: { rounds: Map<K, LoadFigures[]>; figures: Partial<Record<K, LoadFigures>> },
  rows: Array<[LoadFigures | undefined, string]>,
  options: LoadOptions & { rounds: number },
): boolean {
  const { connections, seconds, warmupSeconds, rounds } = options;
  console.log(
    `${connections} connections, ${seconds} s each after ${warmupSeconds} s warm-up, median of ${rounds} round(s); ratio = ours req/s / bare req/s;\ncpu ms/req = the server process's own CPU time per request (Postgres's is not in it)\n`,
  );
  const width = Math.max(8, ...rows.map(([row]) => row?.label.length ?? 0)) + 2;
  console.log(
    `${'endpoint'.padEnd(width)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(7)} ${'cpu ms/req'.padStart(10)}  ratio`,
  );
  for (const [row, text] of rows) {
    if (!row) continue;
    console.log(
      `${row.label.padEnd(width)} ${row.requestsPerSecond.toFixed(0).padStart(7)} ${String(row.p50).padStart(7)} ${String(row.p99).padStart(7)} ${String(row.non2xx + row.errors).padStart(7)} ${row.serverCpuMsPerRequest.toFixed(2).padStart(10)}  ${text}`,
    );
  }
  const failed = Object.values<LoadFigures | undefined>(measured.figures)
    .filter((row): row is LoadFigures => row !== undefined)
    .filter((row) => row.non2xx + row.errors > 0 || row.total === 0);
  for (const row of failed) console.log(`VOID: ${row.label} had ${row.non2xx} unexpected answers and ${row.errors} errors of ${row.total}`);

  const resultsDir = new URL('../results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  const saved = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadAverage: loadavg(),
    connections,
    seconds,
    rounds: Object.fromEntries(measured.rounds),
    figures: measured.figures,
  };
  writeFileSync(new URL(file, resultsDir), `${JSON.stringify(saved, null, 2)}\n`);
  return failed.length === 0;
}
