import assert from 'node:assert/strict';
import { watchEventLoop } from '../helpers/eventLoopWatchdog.ts';
import { createSourcePrompt, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';

/** Patterns a linear-time engine cannot take: each must be refused when saved. */
const REFUSED = ['foo(?=bar)', '(\\w)\\1', '(?<=a)b', '[a-'];

describe('regex assertions in datasets', () => {
  let world: RunWorld;

  before(async () => {
    world = await startRunWorld();
  });
  after(async () => {
    await world?.close();
  });

  const create = (json: Record<string, unknown>) =>
    rest(world.server, 'POST', '/datasets', { token: world.team.member.token, json: { projectId: world.team.projectId, ...json } });

  for (const pattern of REFUSED) {
    it(`answers 400 naming the assertion for /${pattern}/ on create and update, and stores nothing`, async () => {
      const items = [
        {
          input: { name: 'Ada' },
          assertions: [
            { type: 'contains', value: 'Ada' },
            { type: 'regex', value: pattern },
          ],
        },
      ];
      const created = await create({ name: `refused ${pattern}`, items });
      expectStatus(created, 400);
      const issue = created.body.error.issues[0];
      assert.deepEqual(issue.path, ['items', 0, 'assertions', 1, 'value']);
      assert.ok(issue.message.startsWith(`Invalid regex /${pattern}/: `), issue.message);
      assert.match(issue.message, /RE2 syntax: no backreferences or lookaround/);

      const id = (await create({ name: `kept ${pattern}`, items: [{ input: { name: 'Bo' } }] })).body.id;
      const updated = await rest(world.server, 'PUT', `/datasets/${id}`, { token: world.team.member.token, json: { items } });
      expectStatus(updated, 400);
      assert.deepEqual(updated.body.error.issues[0].path, ['items', 0, 'assertions', 1, 'value']);
      const read = await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.member.token });
      assert.deepEqual(
        read.body.items.map((i: { input: unknown }) => i.input),
        [{ name: 'Bo' }],
      );
    });
  }

  it('answers 400 naming the line and column of a refused pattern in CSV and JSONL imports, importing nothing', async () => {
    const id = (await create({ name: 'imports' })).body.id;
    const csv = await rest(world.server, 'POST', `/datasets/${id}/import`, {
      token: world.team.member.token,
      json: { format: 'csv', content: 'name,assert:regex\nAda,^Echo\nBo,foo(?=bar)\n' },
    });
    expectStatus(csv, 400);
    assert.match(csv.body.error.message, /^Import failed: Line 3: column 'assert:regex': Invalid regex \/foo\(\?=bar\)\/: .*RE2 syntax/);
    const jsonl = await rest(world.server, 'POST', `/datasets/${id}/import`, {
      token: world.team.member.token,
      json: { format: 'jsonl', content: '{"input":{"name":"Ada"},"assertions":[{"type":"regex","value":"(\\\\w)\\\\1"}]}\n' },
    });
    expectStatus(jsonl, 400);
    assert.match(jsonl.body.error.message, /^Import failed: Line 1: assertions\[0\]\.value: Invalid regex \/\(\\w\)\\1\/: /);
    assert.equal((await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.member.token })).body.itemCount, 0);
  });

  it('reads back and runs an item saved before patterns were checked, failing its assertion with the reason', async () => {
    const { id: promptId } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId);
    const id = (await create({ name: 'legacy', items: [{ input: { name: 'Ada' } }] })).body.id;
    // Written to the database directly, as the API now refuses it.
    const { prisma } = world.server.database.db;
    await prisma.datasetItem.updateMany({ where: { datasetId: id }, data: { assertions: [{ type: 'regex', value: 'Ada(?=$)' }] } });

    const read = await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.member.token });
    expectStatus(read, 200);
    assert.deepEqual(read.body.items[0].assertions, [{ type: 'regex', value: 'Ada(?=$)' }]);
    const run = await rest(world.server, 'POST', `/datasets/${id}/run`, { token: world.team.member.token, json: { promptId } });
    expectStatus(run, 200);
    assert.equal(run.body.items[0].passed, false);
    assert.match(run.body.items[0].assertions[0].reason, /^Invalid regex \/Ada\(\?=\$\)\/: .*RE2 syntax/);
  });

  it('runs a dataset asserting (a+)+$ on a 50,000-character output to the right result, answering other requests meanwhile', async function () {
    this.timeout(120_000);
    const { id: promptId } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId);
    const long = 'a'.repeat(50_000);
    // Outputs are `Echo: Hello <name>`: the first ends in a's, the second in '!', where a
    // backtracking engine would try every split of the a's (2^50000 ways) before failing.
    const items = [
      { input: { name: long }, assertions: [{ type: 'regex', value: '(a+)+$' }] },
      { input: { name: `${long}!` }, assertions: [{ type: 'regex', value: '(a+)+$' }] },
    ];
    const id = (await create({ name: 'catastrophic', items })).body.id;

    // A hang would block this process's event loop, where mocha's timeout cannot fire.
    const watchdog = await watchEventLoop('a dataset run evaluating (a+)+$', 30_000);
    try {
      const running = rest(world.server, 'POST', `/datasets/${id}/run`, { token: world.team.member.token, json: { promptId } });
      const other = await rest(world.server, 'GET', `/datasets?projectId=${world.team.projectId}`, { token: world.team.viewer.token });
      expectStatus(other, 200);
      assert.ok(other.body.some((d: { id: string }) => d.id === id));
      const run = await running;
      expectStatus(run, 200);
      assert.deepEqual([run.body.total, run.body.passed, run.body.failedAssertions], [2, 1, 1]);
      const [ends, bangs] = run.body.items;
      assert.equal(ends.passed, true);
      assert.equal(bangs.passed, false);
      assert.match(bangs.error, /Output does not match \/\(a\+\)\+\$\//);
    } finally {
      await watchdog.stop();
    }
  });
});
