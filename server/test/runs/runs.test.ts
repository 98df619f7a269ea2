import assert from 'node:assert/strict';
import { costUsd, findModel } from '@promptstack/core';
import { expectStatus, rest } from '../helpers/team.ts';
import { createSourcePrompt, GREETING_SOURCE, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';

describe('test runs API (POST/GET/PUT /api/prompts/{id}/test)', () => {
  let world: RunWorld;
  let promptId: string;
  let versionId: string;

  before(async () => {
    world = await startRunWorld();
    ({ id: promptId, versionId } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId));
  });
  after(async () => {
    await world?.close();
  });
  beforeEach(() => {
    world.provider.setScript({});
    world.provider.requests.length = 0;
  });

  const run = (json: unknown, token = world.team.member.token, id = promptId) => rest(world.server, 'POST', `/prompts/${id}/test`, { token, json });

  it("runs the seed's body through the provider and records a successful run priced from the catalog", async () => {
    const answer = await run({ input: { name: 'Ada' }, rating: 4, feedback: 'nice' });
    expectStatus(answer, 200);
    const body = answer.body;
    assert.equal(body.status, 'success');
    assert.equal(body.output, 'Echo: Hello Ada');
    assert.equal(body.model, 'openai/gpt-4o-mini');
    assert.equal(body.provider, 'openai');
    assert.equal(body.versionId, versionId);
    assert.equal(body.outputTokens, 3);
    assert.ok(body.inputTokens > 0);
    const expected = costUsd(findModel('openai/gpt-4o-mini')!, { inputTokens: body.inputTokens, outputTokens: body.outputTokens }, new Date(body.createdAt))!;
    assert.ok(Math.abs(body.costUsd - expected) < 1e-8, `cost ${body.costUsd} != ${expected}`);
    assert.ok(body.costUsd > 0);
    assert.equal(typeof body.latencyMs, 'number');
    assert.equal(body.rating, 4);
    assert.equal(body.feedback, 'nice');
    assert.equal(body.error, undefined);
    // A text prompt that called no tool: no JSON answer, no schema verdict, no tool calls.
    assert.equal(body.outputJson, null);
    assert.equal(body.schemaValid, null);
    assert.deepEqual(body.toolCalls, []);
    // What reached the provider: the rendered message and the mapped config, through the real SDK.
    assert.equal(world.provider.requests.length, 1);
    const sent = world.provider.requests[0]!;
    assert.equal(sent.model, 'gpt-4o-mini');
    assert.equal(sent.body.temperature, 0.2);
    assert.deepEqual(sent.body.messages.at(-1), { role: 'user', content: 'Hello Ada' });
  });

  it('answers the messages it sent with the run, and does not store them', async () => {
    const answer = await run({ input: { name: 'Ada' } });
    expectStatus(answer, 200);
    assert.deepEqual(answer.body.messages, [{ role: 'user', content: [{ text: 'Hello Ada' }] }]);
    // The same text reached the provider.
    assert.equal(world.provider.requests[0]!.body.messages.at(-1).content, 'Hello Ada');
    const listed = await rest(world.server, 'GET', `/prompts/${promptId}/test?pageSize=1`, { token: world.team.member.token });
    expectStatus(listed, 200);
    assert.equal(listed.body.items[0].id, answer.body.id);
    assert.equal(listed.body.items[0].messages, undefined, 'listed runs carry no messages: they are not stored');
  });

  it('answers the messages of a run whose provider call failed', async () => {
    world.provider.setScript({ '*': { failFirst: 1, failWith: { status: 401, message: 'bad key' } } });
    const answer = await run({ input: { name: 'Bo' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'error');
    assert.equal(answer.body.errorKind, 'auth');
    assert.deepEqual(answer.body.messages, [{ role: 'user', content: [{ text: 'Hello Bo' }] }]);
  });

  it('runs a chosen version with model and config overrides', async () => {
    const answer = await run({ input: { name: 'Bo' }, versionId, model: 'anthropic/claude-3-5-haiku', config: { temperature: 0.9, maxOutputTokens: 2 } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'success');
    assert.equal(answer.body.provider, 'anthropic');
    assert.equal(answer.body.output, 'Echo: Hello ');
    const sent = world.provider.requests[0]!;
    assert.equal(sent.api, 'anthropic');
    assert.equal(sent.body.max_tokens, 2);
    assert.equal(sent.body.temperature, 0.9);
  });

  it("records a run on today's models at its price, input read from the provider's cache at the cached price", async () => {
    world.provider.setScript({ '*': { cachedInputTokens: 1 } });
    for (const model of ['openai/gpt-5', 'anthropic/claude-opus-4-5', 'anthropic/claude-haiku-4-5-20251001']) {
      const answer = await run({ input: { name: 'Ada' }, model });
      expectStatus(answer, 200);
      const body = answer.body;
      assert.equal(body.status, 'success', model);
      const info = findModel(model)!;
      const at = new Date(body.createdAt);
      const tokens = { inputTokens: body.inputTokens, outputTokens: body.outputTokens };
      const expected = costUsd(info, { ...tokens, cachedInputTokens: 1 }, at)!;
      assert.ok(Math.abs(body.costUsd - expected) < 1e-8, `${model}: cost ${body.costUsd} != ${expected}`);
      assert.ok(body.costUsd > 0 && body.costUsd < costUsd(info, tokens, at)!, `${model}: the cached token is billed cheaper`);
    }
  });

  it("records a provider 500 as an error run (200 with status 'error'), after the runner's retries", async () => {
    world.provider.setScript({ '*': { failFirst: 100, failWith: { status: 500, message: 'upstream exploded' } } });
    const answer = await run({ input: { name: 'Ada' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'error');
    assert.equal(answer.body.errorKind, 'provider');
    assert.match(answer.body.error, /upstream exploded/);
    assert.equal(world.provider.requests.length, 3);
    const listed = await rest(world.server, 'GET', `/prompts/${promptId}/test?pageSize=1`, { token: world.team.viewer.token });
    assert.equal(listed.body.items[0].id, answer.body.id);
    assert.equal(listed.body.items[0].status, 'error');
  });

  it('honours a 429 with Retry-After and then succeeds', async () => {
    world.provider.setScript({ '*': { failFirst: 1, failWith: { status: 429, retryAfter: 0, message: 'slow down' } } });
    const answer = await run({ input: { name: 'Ada' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'success');
    assert.deepEqual(
      world.provider.requests.map((r) => r.status),
      [429, 200],
    );
  });

  it('answers 400 naming a missing variable, and a wrongly typed one, without calling the provider', async () => {
    const missing = await run({ input: {} });
    expectStatus(missing, 400);
    assert.match(missing.body.error.message, /Missing input variable 'name'/);
    const typed = await run({ input: { name: 'Ada', count: 'three' } });
    expectStatus(typed, 400);
    assert.match(typed.body.error.message, /'count' must be integer/);
    const unknownModel = await run({ input: { name: 'Ada' }, model: 'mystery-model' });
    expectStatus(unknownModel, 400);
    assert.match(unknownModel.body.error.message, /Unknown model 'mystery-model'/);
    assert.equal(world.provider.requests.length, 0);
  });

  it('answers 400 for a schema-less (seed) prompt missing a variable it always prints, but not one used only under #if', async () => {
    const seed = await rest(world.server, 'POST', '/prompts', {
      token: world.team.member.token,
      json: { projectId: world.team.projectId, name: 'seed', content: 'Summarize {{text}}{{#if tone}} in a {{tone}} tone{{/if}}', model: 'openai/gpt-4o-mini' },
    });
    expectStatus(seed, 201);
    const missing = await run({ input: { tone: 'dry' } }, world.team.member.token, seed.body.id);
    expectStatus(missing, 400);
    assert.equal(missing.body.error.message, "Missing input variable 'text'");
    assert.equal(world.provider.requests.length, 0);
    const ok = await run({ input: { text: 'the news' } }, world.team.member.token, seed.body.id);
    expectStatus(ok, 200);
    assert.equal(ok.body.output, 'Echo: Summarize the news');
  });

  it('forbids Viewers from running (403) and hides the prompt from outsiders (404)', async () => {
    const viewer = await run({ input: { name: 'Ada' } }, world.team.viewer.token);
    expectStatus(viewer, 403);
    const outsider = await run({ input: { name: 'Ada' } }, world.team.outsider.token);
    expectStatus(outsider, 404);
    const outsiderList = await rest(world.server, 'GET', `/prompts/${promptId}/test`, { token: world.team.outsider.token });
    expectStatus(outsiderList, 404);
    const anonymous = await rest(world.server, 'POST', `/prompts/${promptId}/test`, { json: { input: { name: 'Ada' } } });
    expectStatus(anonymous, 401);
    assert.equal(world.provider.requests.length, 0);
  });

  it('answers 404 for a version of another prompt', async () => {
    const other = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, GREETING_SOURCE, 'other');
    const answer = await run({ input: { name: 'Ada' }, versionId: other.versionId });
    expectStatus(answer, 404);
  });

  it('lists runs newest first, paged, and rates a run later (PUT), clearing with null', async () => {
    const { id } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, GREETING_SOURCE, 'paged');
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await run({ input: { name } }, world.team.member.token, id)).body.id);
    const first = await rest(world.server, 'GET', `/prompts/${id}/test?page=1&pageSize=2`, { token: world.team.viewer.token });
    expectStatus(first, 200);
    assert.equal(first.body.total, 3);
    assert.deepEqual(
      first.body.items.map((r: { id: string }) => r.id),
      [ids[2], ids[1]],
    );
    const second = await rest(world.server, 'GET', `/prompts/${id}/test?page=2&pageSize=2`, { token: world.team.viewer.token });
    assert.deepEqual(
      second.body.items.map((r: { id: string }) => r.id),
      [ids[0]],
    );

    const rated = await rest(world.server, 'PUT', `/prompts/${id}/test/${ids[0]}`, { token: world.team.member.token, json: { rating: 5, feedback: 'great' } });
    expectStatus(rated, 200);
    assert.equal(rated.body.rating, 5);
    assert.equal(rated.body.feedback, 'great');
    const cleared = await rest(world.server, 'PUT', `/prompts/${id}/test/${ids[0]}`, { token: world.team.member.token, json: { rating: null } });
    assert.equal(cleared.body.rating, null);
    assert.equal(cleared.body.feedback, 'great');
    expectStatus(await rest(world.server, 'PUT', `/prompts/${id}/test/${ids[0]}`, { token: world.team.member.token, json: { rating: 6 } }), 400);
    expectStatus(await rest(world.server, 'PUT', `/prompts/${promptId}/test/${ids[0]}`, { token: world.team.member.token, json: { rating: 3 } }), 404);
    expectStatus(await rest(world.server, 'PUT', `/prompts/${id}/test/${ids[0]}`, { token: world.team.viewer.token, json: { rating: 3 } }), 403);
  });

  it("stops runs with 402 once the workspace's monthly spend limit is reached", async () => {
    const { server, team } = world;
    const { id } = await createSourcePrompt(server, team.member.token, team.projectId, GREETING_SOURCE, 'spend');
    // A $0 limit is reached from the start (and every earlier run in this suite cost something).
    expectStatus(await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: 0 } }), 200);
    try {
      const blocked = await run({ input: { name: 'Ada' } }, team.member.token, id);
      expectStatus(blocked, 402);
      assert.equal(blocked.body.error.code, 'PAYMENT_REQUIRED');
      assert.match(
        blocked.body.error.message,
        /^Monthly spend limit reached: \$0\.\d+ spent in \d{4}-\d{2} of a \$0 limit; an admin can raise monthlySpendLimitUsd$/,
      );
      assert.equal(world.provider.requests.length, 0);
      expectStatus(await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: 1000 } }), 200);
      expectStatus(await run({ input: { name: 'Ada' } }, team.member.token, id), 200);
    } finally {
      await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: null } });
    }
  });
});
