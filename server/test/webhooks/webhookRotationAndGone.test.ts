import assert from 'node:assert/strict';
import { WebhookVerificationError } from 'standardwebhooks';
import { createPrompt, expectStatus, rest } from '../helpers/team.ts';
import { verify, webhookSuite } from './webhookFixtures.ts';

// A secret rotation that keeps the old secret verifying for a while, and a receiver that says its
// endpoint is gone (410), over real HTTP with a real receiver.
describe('webhook secret rotation with overlap, and 410 Gone', () => {
  // A half-hour overlap shows the setting is read; an hour before the first retry keeps a failed delivery pending through a test.
  const suite = webhookSuite({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_SECRET_OVERLAP_HOURS: '0.5', WEBHOOK_RETRY_BASE_SECONDS: '3600' });
  let promptId: string;
  let version = 0;

  before(async () => {
    const { server, team } = suite;
    promptId = await createPrompt(server, team.admin.token, team.projectId, { name: 'rotated' });
    for (const content of ['Two {{text}}', 'Three {{text}}'])
      expectStatus(await rest(server, 'PUT', `/prompts/${promptId}`, { token: team.admin.token, json: { content } }), 200);
  });

  /** Moves `staging` to the next version, publishing one label.moved. */
  const moveLabel = async () =>
    expectStatus(
      await rest(suite.server, 'PUT', `/prompts/${promptId}/labels/staging`, { token: suite.team.admin.token, json: { versionNumber: (version++ % 3) + 1 } }),
      200,
    );

  it('signs with the old and the new secret during the overlap, so receivers on either verify, then with the new one alone', async () => {
    const { id, secret: oldSecret } = await suite.kit.subscribe(suite.receiver.url, ['label.moved']);
    const rotatedAt = Date.now();
    const rotated = await rest(suite.server, 'POST', `/webhooks/${id}/rotate-secret`, { token: suite.team.admin.token });
    expectStatus(rotated, 200);
    const newSecret = rotated.body.secret as string;
    assert.notEqual(newSecret, oldSecret);
    const overlapEnds = Date.parse(rotated.body.previousSecretExpiresAt);
    assert.ok(
      Math.abs(overlapEnds - rotatedAt - 30 * 60 * 1000) < 60_000,
      `the overlap lasts WEBHOOK_SECRET_OVERLAP_HOURS: ${rotated.body.previousSecretExpiresAt}`,
    );
    assert.equal((await suite.kit.listed(id)).previousSecretExpiresAt, rotated.body.previousSecretExpiresAt);

    await moveLabel();
    const [during] = await suite.receiver.waitFor(1);
    const signatures = String(during!.headers['webhook-signature']).split(' ');
    assert.equal(signatures.length, 2);
    for (const signature of signatures) assert.match(signature, /^v1,[A-Za-z0-9+/]+=*$/);
    assert.equal(verify(oldSecret, during!).type, 'label.moved', 'a receiver still on the old secret verifies');
    assert.equal(verify(newSecret, during!).type, 'label.moved', 'a receiver on the new secret verifies');

    // The overlap ends: the next delivery is signed with the new secret alone.
    await suite.server.database.db.prisma.webhook.update({ where: { id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    assert.equal((await suite.kit.listed(id)).previousSecretExpiresAt, null);
    await moveLabel();
    const [, after] = await suite.receiver.waitFor(2);
    assert.equal(String(after!.headers['webhook-signature']).split(' ').length, 1);
    assert.equal(verify(newSecret, after!).type, 'label.moved');
    assert.throws(() => verify(oldSecret, after!), WebhookVerificationError);
  });

  it('drops the oldest secret on a second rotation: the two latest verify, the first no longer does', async () => {
    const { id, secret: first } = await suite.kit.subscribe(suite.receiver.url, ['label.moved']);
    const second = (await rest(suite.server, 'POST', `/webhooks/${id}/rotate-secret`, { token: suite.team.admin.token })).body.secret as string;
    const third = (await rest(suite.server, 'POST', `/webhooks/${id}/rotate-secret`, { token: suite.team.admin.token })).body.secret as string;
    await moveLabel();
    const [request] = await suite.receiver.waitFor(1);
    assert.equal(verify(second, request!).type, 'label.moved');
    assert.equal(verify(third, request!).type, 'label.moved');
    assert.throws(() => verify(first, request!), WebhookVerificationError);
  });

  it('disables the webhook on a 410 Gone and fails its pending deliveries with the reason; other failures retry; re-enabling resumes', async () => {
    const { id, secret } = await suite.kit.subscribe(suite.receiver.url, ['label.moved']);
    // A 500 keeps the retry policy: the delivery waits for its next attempt and the webhook stays active.
    suite.receiver.answers.push(500);
    await moveLabel();
    const retrying = await suite.kit.settled(id, (d) => d.attemptCount === 1);
    assert.deepEqual([retrying.status, retrying.attempts[0].statusCode, retrying.nextAttemptAt !== null], ['PENDING', 500, true]);
    assert.equal((await suite.kit.listed(id)).active, true);

    suite.receiver.answers.push(410);
    await moveLabel();
    const gone = await suite.kit.settled(id, (d) => d.status !== 'PENDING');
    assert.deepEqual(
      gone.attempts.map((a: any) => [a.statusCode, a.error, a.nextAttemptAt]),
      [[410, 'The receiver answered 410 Gone: the endpoint no longer exists', null]],
    );
    const webhook = await suite.kit.listed(id);
    assert.equal(webhook.active, false);
    assert.match(webhook.disabledReason, /410 Gone/);
    assert.ok(Math.abs(Date.parse(webhook.disabledAt) - Date.parse(gone.attempts[0].createdAt)) < 1000);
    const single = await rest(suite.server, 'GET', `/workspaces/${suite.team.workspaceId}/webhooks`, { token: suite.team.admin.token });
    assert.deepEqual(single.body.find((w: { id: string }) => w.id === id).disabledReason, webhook.disabledReason);

    const log = await suite.kit.deliveries(id);
    const earlier = log.items.find((d: { id: string }) => d.id === retrying.id);
    assert.equal(earlier.status, 'FAILED', 'the pending delivery stops retrying');
    assert.equal(earlier.nextAttemptAt, null);
    assert.deepEqual(
      earlier.attempts.map((a: any) => [a.number, a.statusCode, a.error]),
      [
        [1, 500, 'The receiver answered HTTP 500'],
        [2, null, 'The webhook is disabled: The receiver answered 410 Gone: the endpoint no longer exists'],
      ],
    );
    // Disabled: a new event is not even queued for it.
    await moveLabel();
    assert.equal((await suite.kit.deliveries(id)).total, 2);

    const enabled = await rest(suite.server, 'PUT', `/webhooks/${id}`, { token: suite.team.admin.token, json: { active: true } });
    expectStatus(enabled, 200);
    assert.deepEqual([enabled.body.active, enabled.body.disabledReason, enabled.body.disabledAt], [true, null, null]);
    await moveLabel();
    const resumed = await suite.kit.settled(id, (d) => d.status !== 'PENDING');
    assert.equal(resumed.status, 'SUCCEEDED');
    assert.equal(verify(secret, suite.receiver.received.at(-1)!).type, 'label.moved');
    assert.equal(suite.receiver.received.length, 3);
  });

  it('shows an admin pause with its reason, and keeps a 404 on the retry policy', async () => {
    const { id } = await suite.kit.subscribe(suite.receiver.url, ['label.moved']);
    suite.receiver.answers.push(404);
    await moveLabel();
    const retrying = await suite.kit.settled(id, (d) => d.attemptCount === 1);
    assert.deepEqual([retrying.status, retrying.attempts[0].statusCode], ['PENDING', 404]);
    const paused = await rest(suite.server, 'PUT', `/webhooks/${id}`, { token: suite.team.admin.token, json: { active: false } });
    expectStatus(paused, 200);
    assert.deepEqual([paused.body.active, paused.body.disabledReason], [false, 'Paused by an admin']);
    assert.ok(paused.body.disabledAt);
  });
});
