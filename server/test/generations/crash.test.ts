import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { rawQuery } from '../../src/db/rawDb.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { createEmptyPostgresDatabase, DB_KIND } from '../helpers/database.ts';
import { createSourcePrompt, GREETING_SOURCE } from '../helpers/runWorld.ts';
import { TEST_SECRET } from '../helpers/server.ts';
import { createTeam, rest } from '../helpers/team.ts';
import { generation } from './generationFixtures.ts';

const BATCH = 200;

// A real server in a child process, killed with SIGKILL while batches are arriving, on the database of this run.
describe('acknowledged generations after a server is killed (kill -9)', function () {
  this.timeout(300_000);
  let dataDir: string;
  let dbUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let child: ChildServer | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'promptstack-gen-crash-'));
    if (DB_KIND === 'postgres') ({ url: dbUrl, drop: dropDb } = await createEmptyPostgresDatabase());
  });
  after(async () => {
    await child?.crash();
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every generation it acknowledged, and the rollup equal to them', async () => {
    child = await startChildServer({
      NODE_ENV: 'test',
      NEXTAUTH_SECRET: TEST_SECRET,
      PROMPTSTACK_DATA_DIR: dataDir,
      ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
      RATE_LIMIT_LOGIN: '1000',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    });
    const team = await createTeam(child);
    await createSourcePrompt(child, team.member.token, team.projectId, GREETING_SOURCE, 'support-reply');
    const post = (items: Array<Record<string, unknown>>) =>
      rest(child!, 'POST', '/v1/generations', { token: team.member.token, json: { workspaceId: team.workspaceId, generations: items } });
    const acknowledged: string[] = [];
    // Batches one after another, the last ones still in flight when the process dies.
    const inFlight: Array<Promise<unknown>> = [];
    for (let b = 0; b < 8; b++) {
      const items = Array.from({ length: BATCH }, () => generation({ prompt: { name: 'support-reply' } }));
      const sent = post(items).then(
        (answer) => {
          if (answer.status === 200 && answer.body.accepted === BATCH) acknowledged.push(...items.map((i) => i.id as string));
        },
        () => undefined, // the connection died with the server: not acknowledged
      );
      if (b < 5) await sent;
      else inFlight.push(sent);
    }
    await child.crash();
    await Promise.all(inFlight);
    child = undefined;
    assert.ok(acknowledged.length >= 5 * BATCH, `${acknowledged.length} acknowledged`);

    const db = await openDatabase(dbUrl ? { databaseUrl: dbUrl } : { pgliteDir: join(dataDir, 'pglite') });
    try {
      const stored = await rawQuery<{ id: string }>(db.raw, `SELECT id FROM "Generation" WHERE "workspaceId" = $1`, [team.workspaceId]);
      const ids = new Set(stored.map((r) => r.id));
      const lost = acknowledged.filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], `${lost.length} acknowledged generations lost`);
      // Whatever was stored (in-flight batches commit whole or not at all) is in the rollup too.
      assert.equal(stored.length % BATCH, 0, 'a batch is stored whole or not at all');
      const [rolled] = await rawQuery<{ calls: number }>(
        db.raw,
        `SELECT COALESCE(sum(calls), 0)::int AS calls FROM "GenerationDailyRollup" WHERE "workspaceId" = $1`,
        [team.workspaceId],
      );
      assert.equal(rolled!.calls, stored.length);
    } finally {
      await db.close();
    }
  });
});
