import assert from 'node:assert/strict';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { Webhook } from 'standardwebhooks';
import { PromptStack } from '../../../sdk/src/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createPrompt, createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver.ts';

const V1 = '---\nmodel: openai/gpt-4o-mini\n---\nHello {{customer}}.';
// The deliberately failing arm: the local provider refuses every call to this model.
const V2 = '---\nmodel: openai/gpt-4.1-mini\n---\nHi {{customer}}!';
const V3 = '---\nmodel: openai/gpt-4o-mini\n---\nGood day, {{customer}}; how can I help?';

/** A user's thumbs on an answer: 1 for 4 users in 5 on `goodArm`, 1 in 5 elsewhere (fixed by the user's number). */
const thumbs = (user: number, good: boolean) => (good ? (user % 5 === 0 ? 0 : 1) : user % 5 === 0 ? 1 : 0);

// The whole loop of a live experiment, every part real: governed label moves (a Member asks, an
// Admin approves), a split served through the SDK to sticky users with the real OpenAI SDK calling the
// local provider, generations and scores logged back, a guardrail stopping a failing arm on its own,
// a verdict read by peeking after every batch, promotion, and the workspace's webhooks delivered
// to a receiver that verifies their Standard Webhooks signatures.
describe('a live experiment end to end (governance, SDK, guardrail, peeking, promotion, webhooks)', function () {
  this.timeout(600_000);
  let server: TestServer;
  let team: Team;
  let provider: LocalProviderServer;
  let receiver: WebhookReceiver;
  let secret: string;
  let promptId: string;
  let apiKey: string;
  const clients: PromptStack[] = [];
  const client = () => {
    const ps = new PromptStack({ apiKey, baseUrl: server.url, flushOnExit: false, timeoutMs: 60_000, onError: (e) => assert.fail(e.message) });
    clients.push(ps);
    return ps;
  };
  const credentials = () => ({ openai: { apiKey: 'local-key', baseURL: provider.openaiBaseUrl, maxRetries: 0 } });
  const experimentOf = async (id: string) => {
    const answer = await rest(server, 'GET', `/experiments/${id}`, { token: team.viewer.token });
    expectStatus(answer, 200);
    return answer.body;
  };
  const productionLabel = async () => {
    const labels = await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token });
    return labels.body.find((l: { name: string }) => l.name === 'production');
  };

  before(async () => {
    server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_BASE_SECONDS: '0.2' } });
    team = await createTeam(server);
    provider = await startLocalProviderServer({ script: { 'gpt-4.1-mini': { failureRate: 1, failWith: { status: 400, message: 'This arm is broken' } } } });
    receiver = await startWebhookReceiver();
    const hook = await rest(server, 'POST', `/workspaces/${team.workspaceId}/webhooks`, {
      token: team.admin.token,
      json: { url: receiver.url, events: ['label.moved', 'label.requested', 'experiment.stopped'] },
    });
    expectStatus(hook, 201);
    secret = hook.body.secret;
    promptId = await createPrompt(server, team.member.token, team.projectId, { name: 'greeter', content: V1, model: undefined, temperature: undefined });
    for (const source of [V2, V3]) {
      expectStatus(await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source } }), 201);
    }
    const key = await rest(server, 'POST', `/workspaces/${team.workspaceId}/api-keys`, {
      token: team.admin.token,
      json: { name: 'greeter service', projectId: team.projectId, scopes: ['prompts:read', 'generations:write'] },
    });
    expectStatus(key, 201);
    apiKey = key.body.key;
  });
  after(async () => {
    await Promise.all(clients.map((ps) => ps.close()));
    await receiver?.close();
    await provider?.close();
    await server?.close();
  });

  it('moves production only through an Admin: a Member asks, another person approves', async () => {
    const direct = await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.member.token, json: { versionNumber: 1 } });
    expectStatus(direct, 403);
    assert.match(direct.body.error.message, /protected[^]*label-requests/);
    const asked = await rest(server, 'POST', `/prompts/${promptId}/label-requests`, {
      token: team.member.token,
      json: { label: 'production', version: 1, reason: 'first release' },
    });
    expectStatus(asked, 201);
    assert.equal(asked.body.status, 'pending');
    const approve = `/prompts/${promptId}/label-requests/${asked.body.id}/approve`;
    expectStatus(await rest(server, 'POST', approve, { token: team.member.token, json: {} }), 403);
    expectStatus(await rest(server, 'POST', approve, { token: team.admin.token, json: {} }), 200);
    assert.equal((await productionLabel()).versionNumber, 1);
  });

  it('serves a split to sticky users and stops the failing arm by its guardrail, production going back to the control', async () => {
    const split = await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, {
      token: team.admin.token,
      json: {
        split: [
          { version: 1, weight: 50 },
          { version: 2, weight: 50 },
        ],
        stickyBy: 'userId',
      },
    });
    expectStatus(split, 200);
    const experimentId: string = split.body.experimentId;
    const ps = client();
    const other = client();
    const served = new Map<string, number>();
    let stopped: { status: string; endReason: string } | undefined;
    // Batches of 20 users until the guardrail job stops the experiment (its minimum is 50 calls an arm).
    for (let user = 0; user < 400 && !stopped; user++) {
      const userId = `a-${user}`;
      const prompt = await ps.getPrompt('greeter', { unitKey: userId });
      assert.equal(prompt.experimentId, experimentId);
      // Sticky: the same user gets the same arm from another client, with no state shared between them.
      assert.equal((await other.getPrompt('greeter', { unitKey: userId })).version, prompt.version);
      served.set(userId, prompt.version);
      const result = await ps.run(prompt, { customer: userId }, { credentials: credentials(), userId });
      assert.equal(result.status, prompt.version === 2 ? 'error' : 'success', JSON.stringify(result.error));
      if (user % 20 === 19) {
        await ps.flush();
        // The ingestion queued an evaluation; give the job a moment, then look.
        for (let wait = 0; wait < 20 && !stopped; wait++) {
          const experiment = await experimentOf(experimentId);
          if (experiment.status !== 'RUNNING') stopped = experiment;
          else await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }
    assert.ok(stopped, 'the guardrail stopped the experiment');
    assert.equal(stopped.status, 'STOPPED');
    assert.equal(stopped.endReason, 'guardrail:error-rate');
    assert.deepEqual(new Set(served.values()), new Set([1, 2]), 'both arms were served');
    const label = await productionLabel();
    assert.equal(label.versionNumber, 1);
    assert.equal(label.experimentId ?? null, null);
    const history = await rest(server, 'GET', `/prompts/${promptId}/labels/history?label=production`, { token: team.viewer.token });
    expectStatus(history, 200);
    assert.equal(history.body.items[0].via, 'guardrail');
    assert.deepEqual(history.body.items[0].to, { versionNumber: 1 });
    assert.ok(history.body.items[0].from.split, 'the stop moved the label off the split');
    // Applications now get the control alone.
    const fresh = client();
    const after = await fresh.getPrompt('greeter', { unitKey: 'a-1' });
    assert.equal(after.version, 1);
    assert.equal(after.experimentId, null);
  });

  it('reaches a verdict on scores by peeking after every batch, then promotes the winner', async () => {
    const split = await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, {
      token: team.admin.token,
      json: {
        split: [
          { version: 1, weight: 1 },
          { version: 3, weight: 1 },
        ],
        stickyBy: 'userId',
      },
    });
    expectStatus(split, 200);
    const experimentId: string = split.body.experimentId;
    const ps = client();
    let verdict: { verdict: string; sequential: { pValue: number }; summary: string; versionNumber: number } | undefined;
    let looks = 0;
    for (let user = 0; user < 600 && !verdict; user++) {
      const userId = `b-${user}`;
      const prompt = await ps.getPrompt('greeter', { unitKey: userId });
      const result = await ps.run(prompt, { customer: userId }, { credentials: credentials(), userId });
      assert.equal(result.status, 'success', JSON.stringify(result.error));
      ps.score(result.generationId, 'thumbs', thumbs(user, prompt.version === 3));
      if (user % 20 === 19) {
        await ps.flush();
        const results = await rest(server, 'GET', `/experiments/${experimentId}/results`, { token: team.viewer.token });
        expectStatus(results, 200);
        looks++;
        const onScore = results.body.comparisons.find((c: { metric: string }) => c.metric === 'score:thumbs');
        if (onScore && onScore.verdict !== 'insufficient-data' && onScore.verdict !== 'no-difference-yet') verdict = onScore;
      }
    }
    assert.ok(verdict, 'a verdict was reached');
    assert.equal(verdict.verdict, 'better');
    assert.equal(verdict.versionNumber, 3);
    assert.ok(verdict.sequential.pValue < 0.05, `always-valid p = ${verdict.sequential.pValue}`);
    assert.match(verdict.summary, /v3 is better than v1/);
    assert.ok(looks > 1, 'the answer was read more than once before the verdict');
    const running = await experimentOf(experimentId);
    assert.equal(running.status, 'RUNNING', 'a better arm trips no guardrail');

    expectStatus(await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.member.token, json: { version: 3 } }), 403);
    const promoted = await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.admin.token, json: { version: 3 } });
    expectStatus(promoted, 200);
    assert.equal(promoted.body.status, 'PROMOTED');
    const label = await productionLabel();
    assert.equal(label.versionNumber, 3);
    const winner = await client().getPrompt('greeter', { unitKey: 'b-0' });
    assert.equal(winner.version, 3);
    assert.equal(winner.experimentId, null);
  });

  it('delivered label.requested, every label.moved and experiment.stopped, each verified with its Standard Webhooks signature', async () => {
    const verifier = new Webhook(secret);
    const typesOf = () =>
      receiver.received.map((request) => verifier.verify(request.body, request.headers as Record<string, string>) as { type: string; data: any });
    for (let i = 0; i < 100; i++) {
      const events = typesOf();
      if (events.some((e) => e.type === 'experiment.stopped') && events.filter((e) => e.type === 'label.moved').length >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const events = typesOf();
    const requested = events.find((e) => e.type === 'label.requested');
    assert.ok(requested, 'label.requested delivered');
    assert.equal(requested.data.label, 'production');
    const stoppedEvent = events.find((e) => e.type === 'experiment.stopped');
    assert.ok(stoppedEvent, 'experiment.stopped delivered');
    assert.equal(stoppedEvent.data.endReason, 'guardrail:error-rate');
    const vias = events.filter((e) => e.type === 'label.moved').map((e) => e.data.via);
    for (const via of ['approval', 'api', 'guardrail', 'experiment']) assert.ok(vias.includes(via), `a label.moved via ${via}: ${vias.join(', ')}`);
  });
});
