import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { openDatabase } from '../../src/db/client.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { createEmptyPostgresDatabase, DB_KIND } from '../helpers/database.ts';
import { TEST_SECRET } from '../helpers/server.ts';
import { ENV_KEY } from '../helpers/runWorld.ts';
import { createTeam, type Team } from '../helpers/team.ts';
import { createTwoVersionPrompt, finished, waitForTest, startGreetingAbTest } from './abFixtures.ts';

/** 2 variants x 10 inputs. */
const INPUTS = 10;
const TOTAL = 2 * INPUTS;
/** Calls one killed server may have had in flight (its per-provider limit for openai). */
const CALLS_IN_FLIGHT_PER_SERVER = 8;
/**
 * A restarted (or surviving) server must finish within this: the run queue's heartbeat is 10 s and
 * its supervisor looks every 5 s, while the old 10-minute expiry would never get there.
 */
const FINISH_WITHIN_MS = 60_000;

// Real servers in child processes, killed with SIGKILL mid A/B test, on the database of this run.
describe('A/B tests after a server is killed (kill -9)', function () {
  this.timeout(240_000);
  let provider: LocalProviderServer;
  let dataDir: string;
  let dbUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const children: ChildServer[] = [];

  beforeEach(async () => {
    provider = await startLocalProviderServer({ apiKey: ENV_KEY });
    // Slow runs, so the kill lands with runs in flight and runs still queued.
    provider.setScript({ '*': { latencyMs: 700 } });
    dataDir = mkdtempSync(join(tmpdir(), 'promptstack-crash-'));
    if (DB_KIND === 'postgres') ({ url: dbUrl, drop: dropDb } = await createEmptyPostgresDatabase());
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await child.crash();
    await dropDb?.();
    dropDb = undefined;
    await provider.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const child = await startChildServer({
      NODE_ENV: 'test',
      NEXTAUTH_SECRET: TEST_SECRET,
      PROMPTSTACK_DATA_DIR: dataDir,
      ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
      OPENAI_API_KEY: ENV_KEY,
      OPENAI_BASE_URL: provider.openaiBaseUrl,
      RATE_LIMIT_LOGIN: '1000',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    });
    children.push(child);
    return child;
  };
  const crash = async (child: ChildServer) => {
    await child.crash();
    children.splice(children.indexOf(child), 1);
  };

  /** Creates the A/B test on `server` and waits until some runs are recorded and others are not. */
  const beginTest = async (server: ChildServer): Promise<{ team: Team; id: string }> => {
    const team = await createTeam(server);
    const prompt = await createTwoVersionPrompt(server, team.member.token, team.projectId);
    const id = await startGreetingAbTest(server, team.member.token, team.projectId, prompt, 'crash', INPUTS);
    const midway = await waitForTest(server, team.member.token, id, (b) => b.progress.done >= 1);
    assert.ok(midway.progress.done < TOTAL, `the test finished before the kill (${midway.progress.done} of ${TOTAL})`);
    return { team, id };
  };

  /** Every run recorded once: one TestRun per job key, all successful. */
  const assertEveryRunOnce = async (id: string) => {
    const db = await openDatabase(dbUrl ? { databaseUrl: dbUrl } : { pgliteDir: join(dataDir, 'pglite') });
    try {
      const runs = await db.prisma.testRun.findMany({ where: { abTestId: id }, select: { jobKey: true, status: true } });
      assert.equal(runs.length, TOTAL);
      assert.equal(new Set(runs.map((r) => r.jobKey)).size, TOTAL, 'one run per job key');
      assert.ok(
        runs.every((r) => r.status === 'SUCCESS'),
        `statuses: ${runs.map((r) => r.status).join(', ')}`,
      );
    } finally {
      await db.close();
    }
  };

  /** Each input of each model was called at least once; only calls in flight at the kill were repeated. */
  const assertProviderCalls = (killed: number) => {
    const calls = provider.requests.filter((r) => JSON.stringify(r.body).includes('crash '));
    const distinct = new Set(calls.map((r) => `${r.model} ${JSON.stringify(r.body.messages)}`));
    assert.equal(distinct.size, TOTAL, 'every run reached the provider');
    assert.ok(calls.length <= TOTAL + killed * CALLS_IN_FLIGHT_PER_SERVER, `${calls.length} provider calls for ${TOTAL} runs`);
  };

  it('finishes every run exactly once within a minute after a restart', async () => {
    const first = await start();
    const { team, id } = await beginTest(first);
    await crash(first);

    const second = await start();
    const done = await waitForTest(second, team.member.token, id, finished, FINISH_WITHIN_MS);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress.done, TOTAL);
    // The embedded database is one process's at a time: stop the server before reading it here.
    await second.stop();
    children.splice(children.indexOf(second), 1);
    await assertEveryRunOnce(id);
    assertProviderCalls(1);
  });

  it('lets the other server finish every run exactly once when one of two is killed', async function () {
    if (DB_KIND !== 'postgres') this.skip(); // two servers share a database only on Postgres
    const first = await start();
    const second = await start();
    const { team, id } = await beginTest(first);
    await crash(first);

    const done = await waitForTest(second, team.member.token, id, finished, FINISH_WITHIN_MS);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress.done, TOTAL);
    await assertEveryRunOnce(id);
    assertProviderCalls(1);
  });
});
