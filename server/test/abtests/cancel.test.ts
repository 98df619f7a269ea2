import assert from 'node:assert/strict';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { pino, type Logger } from 'pino';
import { startServer, type RunningServer } from '../../src/boot.ts';
import { openDatabase } from '../../src/db/client.ts';
import { AB_RUN_QUEUE } from '../../src/features/abtests/abTestJobs.ts';
import { queueOf } from '../../src/jobs/queueRegistry.ts';
import { DB_KIND } from '../helpers/database.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ENV_KEY } from '../helpers/runWorld.ts';
import { createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';
import { createTwoVersionPrompt, waitForTest, startGreetingAbTest } from './abFixtures.ts';

const INPUTS = 30;

/** A debug logger keeping the run starts a server logs (written while the start holds the test's row). */
function startsLogger(starts: string[]): Logger {
  return pino(
    { level: 'debug' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; jobKey?: string };
        if (entry.msg === 'A/B run starts' && entry.jobKey) starts.push(entry.jobKey);
      },
    },
  );
}

/** Polls `condition` (an observer's interval, not a synchronisation point); fails with `what` after 30 s. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// On Postgres two servers share the database (the cancel reaches one of them); on PGlite one process.
describe('cancelling an A/B test', function () {
  this.timeout(120_000);
  const twoServers = DB_KIND === 'postgres';
  let provider: LocalProviderServer;
  let server: TestServer;
  let other: RunningServer | undefined;
  let team: Team;
  let prompt: { promptId: string; versionA: string; versionB: string };
  const startsHere: string[] = [];
  const startsThere: string[] = [];

  before(async () => {
    provider = await startLocalProviderServer({ apiKey: ENV_KEY });
    server = await startTestServer({
      env: { OPENAI_API_KEY: ENV_KEY, OPENAI_BASE_URL: provider.openaiBaseUrl, ANTHROPIC_API_KEY: ENV_KEY, ANTHROPIC_BASE_URL: provider.anthropicBaseUrl },
      logger: startsLogger(startsHere),
    });
    if (twoServers) {
      const db = await openDatabase({ databaseUrl: server.database.url! });
      other = await startServer(server.env, startsLogger(startsThere), db);
    }
    team = await createTeam(server);
    prompt = await createTwoVersionPrompt(server, team.member.token, team.projectId);
  });
  after(async () => {
    await other?.close(1000);
    await server?.close();
    await provider?.close();
  });

  it(twoServers ? 'starts no run on either of two servers once the cancel is acknowledged' : 'starts no run once the cancel is acknowledged', async () => {
    provider.setScript({ '*': { latencyMs: 400 } });
    const id = await startGreetingAbTest(server, team.member.token, team.projectId, prompt, 'cancel', INPUTS);
    // Cancel with runs recorded, runs in flight (on both servers) and runs still to start (200, not
    // 409: the test was still running when the cancel took it).
    await until(() => startsHere.length > 0 && (!twoServers || startsThere.length > 0), 'runs to start on every server');
    await waitForTest(server, team.member.token, id, (b) => b.progress.done >= 2);

    expectStatus(await rest(server, 'POST', `/ab-tests/${id}/cancel`, { token: team.member.token }), 200);
    const startedBeforeAck = startsHere.length + startsThere.length;
    const callsAtAck = provider.requests.filter((r) => JSON.stringify(r.body).includes('cancel ')).length;

    // Settled: every job of the test handled (fetched ones dropped, calls in flight ended).
    const boss = queueOf(server.database.db)!.boss;
    await until(async () => {
      const jobs = (await boss.findJobs(AB_RUN_QUEUE, {})).filter((j) => (j.data as { abTestId?: string }).abTestId === id);
      return jobs.every((j) => ['completed', 'cancelled', 'failed'].includes(j.state));
    }, 'the jobs of the cancelled test to settle');

    const calls = provider.requests.filter((r) => JSON.stringify(r.body).includes('cancel ')).length;
    assert.ok(
      calls <= startedBeforeAck,
      `${calls - callsAtAck} provider calls came after the cancel was acknowledged; only ${startedBeforeAck - callsAtAck} started runs had not called yet`,
    );
    assert.equal(startsHere.length + startsThere.length, startedBeforeAck, 'no run started after the cancel was acknowledged');
    const runs = await server.database.db.prisma.testRun.count({ where: { abTestId: id } });
    assert.ok(runs <= startedBeforeAck, `${runs} runs recorded, ${startedBeforeAck} started before the cancel`);
    const after = (await rest(server, 'GET', `/ab-tests/${id}`, { token: team.member.token })).body;
    assert.equal(after.status, 'cancelled');
  });
});
