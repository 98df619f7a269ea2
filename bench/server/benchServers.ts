/**
 * What the throughput benches (http.bench.ts, serving.bench.ts) share: their settings from the
 * environment, and the two servers they compare, as child processes on one throwaway Postgres
 * database: ours (the built `server/dist/main.js`, NODE_ENV=production) and the bare Express + pg
 * baseline (bareExpressPg.ts).
 *
 * Env: BENCH_DATABASE_URL (admin URL; the throwaway database is created there and dropped),
 * BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (50), BENCH_ROUNDS (1: more rounds run the
 * cases in turn again and report each case's median round, which steadies a shared machine),
 * BENCH_ONLY=a,b runs only those cases, BENCH_CPU_PROF=<dir> writes each server's V8 CPU profile to
 * <dir>/ours and <dir>/bare (node --cpu-prof, sampled every BENCH_CPU_PROF_INTERVAL microseconds,
 * 1000 by default; the bare side's tsx loader thread writes a second, idle profile).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from './childServer.ts';
import type { LoadOptions } from './load.ts';
import { createThrowawayDatabase } from './throwawayDatabase.ts';

/** A throughput bench's settings. */
export interface BenchSettings extends LoadOptions {
  adminUrl: string;
  rounds: number;
  /** The cases to run (all when undefined). */
  only: string[] | undefined;
}

/** The settings from the environment. */
export function benchSettings(): BenchSettings {
  return {
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    rounds: Number(process.env.BENCH_ROUNDS ?? 1),
    only: process.env.BENCH_ONLY?.split(','),
  };
}

/** Node flags writing a server's CPU profile to `<BENCH_CPU_PROF>/<side>/` (none without it). */
function profileArgs(side: 'ours' | 'bare'): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  const interval = Number(process.env.BENCH_CPU_PROF_INTERVAL ?? 1000);
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}/${side}`, `--cpu-prof-interval=${interval}`] : [];
}

export interface BenchServers {
  ours: ChildServer;
  bare: ChildServer;
  stop(): Promise<void>;
}

/**
 * Builds ours in `serverDir` (a checkout's `server/`), makes the database and starts both servers;
 * `env` adds to ours's environment (throttle settings).
 */
export async function startBenchServers(adminUrl: string, serverDir: string, env: Record<string, string> = {}): Promise<BenchServers> {
  const build = spawnSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('server build failed');
  const database = await createThrowawayDatabase(adminUrl);
  const children: ChildServer[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await database.drop();
  };
  try {
    const ours = await startChildServer(
      [...profileArgs('ours'), `${serverDir.replace(/\/?$/, '/')}dist/main.js`],
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        NEXTAUTH_SECRET: 'bench-secret-0123456789-0123456789',
        NEXTAUTH_URL: 'http://127.0.0.1',
        ...env,
      },
      '/healthz',
    );
    children.push(ours);
    // Started once ours has migrated the database: the bare server reads the same tables.
    const bare = await startChildServer(
      [...profileArgs('bare'), '--import', 'tsx', fileURLToPath(new URL('./bareExpressPg.ts', import.meta.url))],
      { DATABASE_URL: database.url },
      '/healthz',
    );
    children.push(bare);
    return { ours, bare, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
