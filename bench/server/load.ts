/** One autocannon load run against one endpoint, summarised as req/s and latency percentiles. */
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
export async function measureLoad(target: LoadTarget, options: { connections: number; seconds: number; warmupSeconds: number }): Promise<LoadFigures> {
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
