import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createPrompt, createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver.ts';

// Deleting a prompt ends its live experiments in the deletion's transaction, and receivers hear of each.
describe('a deleted prompt ends its experiments', function () {
  this.timeout(300_000);
  let server: TestServer;
  let team: Team;
  let receiver: WebhookReceiver;

  before(async () => {
    server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_BASE_SECONDS: '0.2' } });
    team = await createTeam(server);
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await receiver?.close();
    await server?.close();
  });

  /** The two versions' even split every test here starts. */
  const EVEN_SPLIT = {
    split: [
      { version: 1, weight: 1 },
      { version: 2, weight: 1 },
    ],
  };

  /** An Admin's webhook for `experiment.stopped` at `url` (201). */
  async function subscribeToStops(url: string) {
    const hook = await rest(server, 'POST', `/workspaces/${team.workspaceId}/webhooks`, {
      token: team.admin.token,
      json: { url, events: ['experiment.stopped'] },
    });
    expectStatus(hook, 201);
    return hook;
  }

  /** A Member's prompt `name` with versions 1 and 2. */
  async function twoVersionPrompt(name: string): Promise<string> {
    const promptId = await createPrompt(server, team.member.token, team.projectId, { name });
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}`, { token: team.member.token, json: { content: 'Summarize {{text}} briefly' } }), 200);
    return promptId;
  }

  it('tells the webhooks when a label move stops an experiment (a new target, a removal, a rollback), never when one is promoted', async () => {
    // A receiver of its own: the first test's webhook still gets every event at its own receiver.
    const own = await startWebhookReceiver();
    const hook = await subscribeToStops(own.url);
    const promptId = await twoVersionPrompt('moved');
    const label = `/prompts/${promptId}/labels/canary`;
    const asMember = (method: string, path: string, json?: unknown) => rest(server, method, path, { token: team.member.token, json });
    const started = async () => {
      const answer = await asMember('PUT', label, EVEN_SPLIT);
      expectStatus(answer, 200);
      return answer.body.experimentId as string;
    };
    const expected: Array<[string, string]> = [];
    expected.push([await started(), 'replaced']);
    expectStatus(await asMember('PUT', label, { versionNumber: 1 }), 200);
    expected.push([await started(), 'label-removed']);
    expectStatus(await asMember('DELETE', label), 200);
    expectStatus(await asMember('PUT', label, { versionNumber: 1 }), 200);
    expected.push([await started(), 'rolled-back']);
    expectStatus(await asMember('POST', `${label}/rollback`, { reason: 'undo the split' }), 200);
    const promoted = await started();
    expectStatus(await asMember('POST', `/experiments/${promoted}/promote`, { version: 2 }), 200);

    const requests = await own.waitFor(expected.length);
    const events = requests.map((r) => new Webhook(hook.body.secret).verify(r.body, r.headers as Record<string, string>) as any);
    assert.deepEqual(events.map((e) => [e.data.id, e.data.endReason]).sort(), [...expected].sort());
    for (const event of events) assert.deepEqual([event.data.promptId, event.data.labelName, event.data.labelReverted], [promptId, 'canary', false]);
    assert.equal(events.find((e) => e.data.endReason === 'rolled-back')?.data.reason, 'undo the split');
    // The promotion is a label move (label.moved), not a stop: nothing more arrives for it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(own.received.length, expected.length);
    expectStatus(await rest(server, 'DELETE', `/webhooks/${hook.body.id}`, { token: team.admin.token }), 200);
    await own.close();
  });

  it('stops every running experiment (prompt-deleted) with experiment.stopped delivered, leaves ended ones, and serves 404', async () => {
    const hook = await subscribeToStops(receiver.url);
    const promptId = await twoVersionPrompt('doomed');
    const putLabel = (name: string, json: unknown, token: string) => rest(server, 'PUT', `/prompts/${promptId}/labels/${name}`, { token, json });
    const replaced = await putLabel('canary', EVEN_SPLIT, team.member.token);
    expectStatus(replaced, 200);
    const canary = await putLabel('canary', EVEN_SPLIT, team.member.token);
    const production = await putLabel('production', EVEN_SPLIT, team.admin.token);
    expectStatus(production, 200);
    const running = [canary.body.experimentId as string, production.body.experimentId as string];

    expectStatus(await rest(server, 'DELETE', `/prompts/${promptId}`, { token: team.member.token }), 200);

    const prisma = server.database.db.prisma;
    const experiments = await prisma.experiment.findMany({ where: { promptId }, select: { id: true, status: true, endReason: true, endedAt: true } });
    const byId = new Map(experiments.map((e) => [e.id, e]));
    for (const id of running) {
      const ended = byId.get(id)!;
      assert.deepEqual([ended.status, ended.endReason, ended.endedAt !== null], ['STOPPED', 'prompt-deleted', true]);
    }
    assert.equal(byId.get(replaced.body.experimentId)!.endReason, 'replaced', 'an experiment that had ended keeps its ending');

    // The canary split replaced by a new one stopped first (replaced), then the deletion stopped both running ones.
    const requests = await receiver.waitFor(3);
    const all = requests.map((r) => new Webhook(hook.body.secret).verify(r.body, r.headers as Record<string, string>) as any);
    assert.deepEqual(
      all.map((e) => e.type),
      ['experiment.stopped', 'experiment.stopped', 'experiment.stopped'],
    );
    const replacedEvent = all.find((e) => e.data.endReason === 'replaced');
    assert.equal(replacedEvent?.data.id, replaced.body.experimentId);
    const events = all.filter((e) => e.data.endReason === 'prompt-deleted');
    assert.deepEqual(events.map((e) => e.data.id).sort(), [...running].sort());
    for (const event of events) {
      assert.deepEqual(
        [event.data.status, event.data.endReason, event.data.promptId, event.data.labelReverted, event.data.reason],
        ['STOPPED', 'prompt-deleted', promptId, false, 'The prompt was deleted'],
      );
    }

    const served = await server.api(`/api/v1/prompts/doomed?projectId=${team.projectId}&label=production`, { token: team.viewer.token });
    assert.equal(served.status, 404);
    expectStatus(await rest(server, 'DELETE', `/prompts/${promptId}`, { token: team.member.token }), 404);
  });
});
