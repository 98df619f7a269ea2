/**
 * The real PromptStack server for SDK tests: server/src/main.ts through tsx on a throw-away
 * database on a fixed free port, so it can be stopped and started again on the same data and
 * address (the "server goes away and comes back" tests). The database is an embedded PGlite
 * folder, or, with DB_KIND=postgres (scripts/run-tests.mjs), a new `promptstack_sdk_test_<random>`
 * database on TEST_DATABASE_URL's server, dropped by `dispose()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SERVER_DIR = fileURLToPath(new URL('../../../server/', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export class TestBackend {
  private child: ChildProcess | undefined;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'promptstack-sdk-backend-'));
  /** The Postgres database the server uses (DB_KIND=postgres), made on the first start. */
  private postgres: { name: string; url: string } | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port and resolves once it listens. */
  static async start(): Promise<TestBackend> {
    const backend = new TestBackend(await freePort());
    await backend.start();
    return backend;
  }

  /** (Re)starts the server on the same port and data; resolves once it listens. */
  async start(): Promise<void> {
    const databaseUrl = process.env.DB_KIND === 'postgres' ? (this.postgres ??= await createPostgresDatabase()).url : '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(this.port),
        PROMPTSTACK_DATA_DIR: this.dataDir,
        DATABASE_URL: databaseUrl,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
      },
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`the backend did not start:\n${output}`));
      }, 170_000);
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (/PromptStack server listening/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the backend exited (${code}):\n${output}`));
      });
    });
  }

  /** Stops the server gracefully (SIGTERM) and resolves once its process has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => this.kill(), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** Freezes the server (SIGSTOP): connections are accepted by the kernel and never answered. */
  pause(): void {
    process.kill(-this.child!.pid!, 'SIGSTOP');
  }

  /** Lets a paused server run again. */
  resume(): void {
    process.kill(-this.child!.pid!, 'SIGCONT');
  }

  /** Kills the server and drops its Postgres database, if it has one (the end of a test run). */
  async dispose(): Promise<void> {
    this.kill();
    const postgres = this.postgres;
    if (!postgres) return;
    this.postgres = undefined;
    await adminQuery(`DROP DATABASE IF EXISTS ${postgres.name} WITH (FORCE)`);
  }

  /** Kills the whole process group at once (test teardown). */
  kill(): void {
    try {
      if (this.child?.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Runs one statement on TEST_DATABASE_URL's server. */
async function adminQuery(sql: string): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('DB_KIND=postgres needs TEST_DATABASE_URL');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database on TEST_DATABASE_URL's server (the server migrates it when it starts). */
async function createPostgresDatabase(): Promise<{ name: string; url: string }> {
  const name = `promptstack_sdk_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** A JSON call to the server's REST API; throws with the answer on a non-2xx status. */
export async function api<T = any>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
