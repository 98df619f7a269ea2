import assert from 'node:assert/strict';
import { costUsd, findModel } from '@promptstack/core';
import { rawQuery } from '../../src/db/rawDb.ts';
import { createSourcePrompt } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { generation, startGenerationWorld, type GenerationWorld } from './generationFixtures.ts';

describe('POST /api/v1/generations', function () {
  // A team, a prompt with two versions and a label over HTTP: slow on a loaded machine.
  this.timeout(300_000);
  let world: GenerationWorld;
  const post = (json: unknown, token = world.team.member.token) => rest(world.server, 'POST', '/v1/generations', { token, json });
  const stored = (id: string) =>
    rawQuery<Record<string, any>>(world.server.database.db.raw, `SELECT *, "costUsd"::float8 AS cost FROM "Generation" WHERE "workspaceId" = $1 AND id = $2`, [
      world.team.workspaceId,
      id,
    ]).then((rows) => rows[0]);

  before(async () => {
    world = await startGenerationWorld();
  });
  after(() => world?.server.close());

  it('counts accepted items and rejects bad ones alone, each with its index, id and reason', async () => {
    const items: Array<Record<string, any>> = [
      generation(),
      generation({ usage: { inputTokens: 'many' } }),
      generation({ prompt: { name: 'no-such-prompt' } }),
      generation({ status: 'maybe' }),
      { not: 'an item' },
      generation(),
    ];
    const answer = await post({ workspaceId: world.team.workspaceId, generations: items });
    expectStatus(answer, 200);
    assert.equal(answer.body.accepted, 2);
    assert.equal(answer.body.duplicates, 0);
    assert.deepEqual(
      answer.body.rejected.map((r: { index: number; id: string | null }) => [r.index, r.id]),
      [
        [1, items[1]!.id],
        [2, items[2]!.id],
        [3, items[3]!.id],
        [4, null],
      ],
    );
    assert.match(answer.body.rejected[0].error, /usage\.inputTokens/);
    assert.match(answer.body.rejected[1].error, /No prompt named 'no-such-prompt'/);
    assert.match(answer.body.rejected[2].error, /status/);
    assert.ok(await stored(items[0]!.id as string));
    assert.equal(await stored(items[1]!.id as string), undefined);
  });

  it('is idempotent: a retried batch stores nothing twice and counts duplicates, also within one batch', async () => {
    const a = generation();
    const b = generation();
    const first = await post({ workspaceId: world.team.workspaceId, generations: [a, b, a] });
    expectStatus(first, 200);
    assert.deepEqual(first.body, { accepted: 2, duplicates: 1, rejected: [] });
    const retry = await post({ workspaceId: world.team.workspaceId, generations: [a, b] });
    assert.deepEqual(retry.body, { accepted: 0, duplicates: 2, rejected: [] });
    const rows = await rawQuery<{ n: number }>(
      world.server.database.db.raw,
      `SELECT count(*)::int AS n FROM "Generation" WHERE "workspaceId" = $1 AND id = ANY($2::text[])`,
      [world.team.workspaceId, [a.id, b.id]],
    );
    assert.equal(rows[0]!.n, 2);
  });

  it('prices an item without costUsd from the price list at startedAt, and keeps a given cost', async () => {
    const priced = generation({ startedAt: '2026-10-01T08:30:00.000Z' });
    const given = generation({ costUsd: 0.125 });
    const unpriced = generation({ model: 'acme/house-model-1' });
    expectStatus(await post({ workspaceId: world.team.workspaceId, generations: [priced, given, unpriced] }), 200);
    const expected = costUsd(findModel('openai/gpt-4o-mini')!, { inputTokens: 1200, outputTokens: 300 }, new Date('2026-10-01T08:30:00.000Z'));
    assert.ok(expected && expected > 0);
    const row = await stored(priced.id as string);
    assert.ok(Math.abs(row!.cost - expected) < 1e-8, `${row!.cost} != ${expected}`);
    assert.equal(row!.provider, 'openai');
    assert.equal((await stored(given.id as string))!.cost, 0.125);
    assert.equal((await stored(unpriced.id as string))!.cost, null);
  });

  it('resolves the prompt by version, by label or to the latest version, and rejects a missing label', async () => {
    const byVersion = generation({ prompt: { name: 'support-reply', version: 2 } });
    const byLabel = generation({ prompt: { name: 'support-reply', label: 'production' } });
    const latest = generation({ prompt: { name: 'support-reply' } });
    const noLabel = generation({ prompt: { name: 'support-reply', label: 'canary' } });
    const noVersion = generation({ prompt: { name: 'support-reply', version: 9 } });
    const answer = await post({ workspaceId: world.team.workspaceId, generations: [byVersion, byLabel, latest, noLabel, noVersion] });
    assert.equal(answer.body.accepted, 3);
    assert.deepEqual(
      answer.body.rejected.map((r: { error: string }) => r.error),
      ["Prompt 'support-reply' has no label 'canary'", "Prompt 'support-reply' has no version 9"],
    );
    assert.equal((await stored(byVersion.id as string))!.versionId, world.v2);
    const labelled = await stored(byLabel.id as string);
    assert.equal(labelled!.versionId, world.v1);
    assert.equal(labelled!.label, 'production');
    assert.equal(labelled!.promptId, world.promptId);
    assert.equal(labelled!.projectId, world.team.projectId);
    assert.equal((await stored(latest.id as string))!.versionId, world.v2);
  });

  it('asks for projectId when several projects have a prompt of that name', async () => {
    const other = await rest(world.server, 'POST', '/projects', {
      token: world.team.admin.token,
      json: { workspaceId: world.team.workspaceId, name: 'Other' },
    });
    expectStatus(other, 201);
    await createSourcePrompt(world.server, world.team.member.token, other.body.id, undefined, 'twin');
    await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, undefined, 'twin');
    const item = generation({ prompt: { name: 'twin' } });
    const ambiguous = await post({ workspaceId: world.team.workspaceId, generations: [item] });
    assert.match(ambiguous.body.rejected[0].error, /pass projectId/);
    const scoped = await post({ workspaceId: world.team.workspaceId, projectId: other.body.id, generations: [item] });
    assert.equal(scoped.body.accepted, 1);
    assert.equal((await stored(item.id as string))!.projectId, other.body.id);
  });

  it('stores text with NUL characters losslessly but rejects an id holding one', async () => {
    const nulOutput = generation({ output: 'a\u0000b' });
    const nulId = generation({ id: 'bad\u0000id' });
    const answer = await post({ workspaceId: world.team.workspaceId, generations: [nulOutput, nulId] });
    assert.equal(answer.body.accepted, 1);
    assert.equal(answer.body.rejected[0].index, 1);
    assert.match(answer.body.rejected[0].error, /NUL/);
  });

  it('takes 1,000 generations in one call beyond the general 1 MB body limit, and answers 413 above 1,000', async () => {
    const output = 'x'.repeat(1500);
    const thousand = Array.from({ length: 1000 }, () => generation({ output }));
    const big = await post({ workspaceId: world.team.workspaceId, generations: thousand });
    expectStatus(big, 200);
    assert.equal(big.body.accepted, 1000);
    const tooMany = await post({ workspaceId: world.team.workspaceId, generations: [...thousand, generation()] });
    expectStatus(tooMany, 413);
    assert.match(tooMany.body.error.message, /at most 1000 generations/);
    // The general limit still holds elsewhere.
    const elsewhere = await rest(world.server, 'POST', '/projects', {
      token: world.team.admin.token,
      json: { workspaceId: world.team.workspaceId, name: output.repeat(800) },
    });
    expectStatus(elsewhere, 413);
  });

  for (const [rollup, histogram] of [
    ['GenerationDailyRollup', 'GenerationLatencyHistogram'],
    ['GenerationHourlyRollup', 'GenerationHourlyLatencyHistogram'],
  ] as const) {
    it(`keeps ${rollup} equal to the raw generations`, async () => {
      const rows = await rawQuery<Record<string, number>>(
        world.server.database.db.raw,
        `SELECT (SELECT count(*) FROM "Generation" WHERE "workspaceId" = $1)::int AS raw,
                (SELECT sum(calls) FROM "${rollup}" WHERE "workspaceId" = $1)::int AS rolled,
                (SELECT sum("costUsd") FROM "Generation" WHERE "workspaceId" = $1)::float8 AS "rawCost",
                (SELECT sum("costUsd") FROM "${rollup}" WHERE "workspaceId" = $1)::float8 AS "rolledCost",
                (SELECT sum(h.calls) FROM "${histogram}" h JOIN "${rollup}" ro ON ro.id = h."rollupId" WHERE ro."workspaceId" = $1)::int AS histogram`,
        [world.team.workspaceId],
      );
      const r = rows[0]!;
      assert.ok(r.raw! > 1000);
      assert.equal(r.rolled, r.raw);
      assert.equal(r.histogram, r.raw);
      assert.ok(Math.abs(r.rolledCost! - r.rawCost!) < 1e-6);
    });
  }

  it('refuses Viewers (403), outsiders (404) and anonymous callers (401)', async () => {
    const body = { workspaceId: world.team.workspaceId, generations: [generation()] };
    expectStatus(await post(body, world.team.viewer.token), 403);
    expectStatus(await post(body, world.team.outsider.token), 404);
    expectStatus(await rest(world.server, 'POST', '/v1/generations', { json: body }), 401);
  });
});
