/**
 * Wakes the sending of delivery jobs: LISTEN on the channel publishEvent notifies in its
 * transaction (delivered by Postgres only on commit), plus a periodic sweep for anything a lost
 * notification or a crash between commit and send left unsent. Passes never overlap: a wake-up
 * during a pass runs one more pass after it.
 */
import pg from 'pg';
import type { JobDeps } from '../../jobs/jobQueue.ts';
import { DELIVERY_CHANNEL } from './publishEvent.ts';

/** How often the sweep looks for deliveries whose job was never sent. */
export const SWEEP_INTERVAL_MS = 15_000;

/** Starts listening and sweeping; returns the function that stops both. */
export async function startDispatcher(deps: JobDeps, send: () => Promise<number>): Promise<() => void> {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const pass = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = send()
      .then(() => undefined)
      .catch((error: unknown) => {
        if (!stopped) deps.logger.error({ err: error }, 'sending webhook delivery jobs failed');
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const listener = await listen(deps, pass);
  const timer = setInterval(() => {
    listener.ensure();
    pass();
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    listener.close();
  };
}

interface Listener {
  /** Reconnects a listener whose connection was lost (Postgres). */
  ensure(): void;
  close(): void;
}

/** LISTENs on the open database: PGlite's own `listen`, or a dedicated `pg` connection. */
async function listen(deps: JobDeps, onNotify: () => void): Promise<Listener> {
  const raw = deps.db.raw;
  if (raw.kind === 'pglite') {
    const unlisten = await raw.pglite.listen(DELIVERY_CHANNEL, onNotify);
    return { ensure() {}, close: () => void unlisten().catch(() => undefined) };
  }
  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: raw.connectionString });
    next.on('notification', onNotify);
    next.on('error', (error) => {
      // The sweep reconnects; until then it alone sends jobs.
      deps.logger.warn({ err: error }, 'webhook notification listener lost its connection');
      if (client === next) client = undefined;
      void next.end().catch(() => undefined);
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${DELIVERY_CHANNEL}`);
    } catch (error) {
      if (client === next) client = undefined;
      void next.end().catch(() => undefined);
      if (!closed) deps.logger.warn({ err: error }, 'webhook notification listener could not connect');
    }
    if (closed) void next.end().catch(() => undefined);
  };
  await connect();
  return {
    ensure() {
      if (!client && !closed) void connect();
    },
    close() {
      closed = true;
      void client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
