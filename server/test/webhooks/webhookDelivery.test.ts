import assert from 'node:assert/strict';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { publishEvent } from '../../src/features/webhooks/index.ts';
import { sendPendingJobs } from '../../src/features/webhooks/webhookJobs.ts';
import { queueOf } from '../../src/jobs/queueRegistry.ts';
import { createPrompt, expectStatus, rest } from '../helpers/team.ts';
import { verify, webhookSuite } from './webhookFixtures.ts';

describe('webhook delivery (signed, durable, retried, logged, resent)', () => {
  // Three attempts with short backoff keep the suite quick.
  const suite = webhookSuite({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_BASE_SECONDS: '0.2' });

  const subscribe = (events: string[], extra: Record<string, unknown> = {}) => suite.kit.subscribe(suite.receiver.url, events, extra);
  const deliveries = (webhookId: string) => suite.kit.deliveries(webhookId);
  const settled = (webhookId: string, done: (delivery: any) => boolean) => suite.kit.settled(webhookId, done);

  const moveLabel = async (promptId: string, versionNumber: number, name = 'production') =>
    expectStatus(await rest(suite.server, 'PUT', `/prompts/${promptId}/labels/${name}`, { token: suite.team.admin.token, json: { versionNumber } }), 200);

  it('delivers prompt.version.created and label.moved, signed so the standardwebhooks library verifies them', async () => {
    const { id, secret } = await subscribe(['prompt.version.created', 'label.moved']);
    const promptId = await createPrompt(suite.server, suite.team.admin.token, suite.team.projectId, { name: 'greeter' });
    expectStatus(
      await rest(suite.server, 'PUT', `/prompts/${promptId}`, { token: suite.team.admin.token, json: { content: 'Hello {{name}}', message: 'friendlier' } }),
      200,
    );
    await moveLabel(promptId, 2);

    const requests = await suite.receiver.waitFor(3);
    const payloads = requests.map((request) => verify(secret, request));
    for (const request of requests) {
      assert.match(String(request.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
      assert.match(String(request.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.throws(
        () => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(request.body, request.headers as Record<string, string>),
        WebhookVerificationError,
      );
      assert.throws(
        () => new Webhook(secret).verify(request.body.replace('greeter', 'greetex'), request.headers as Record<string, string>),
        WebhookVerificationError,
      );
    }
    const versions = payloads.filter((p) => p.type === 'prompt.version.created').sort((a, b) => a.data.version.number - b.data.version.number);
    assert.deepEqual(
      versions.map((p) => [p.data.prompt, p.data.version.number, p.data.version.message]),
      [
        [{ id: promptId, name: 'greeter', projectId: suite.team.projectId }, 1, null],
        [{ id: promptId, name: 'greeter', projectId: suite.team.projectId }, 2, 'friendlier'],
      ],
    );
    assert.match(versions[1].data.version.contentHash, /\S/);
    assert.equal(versions[1].data.version.authorId, suite.team.admin.id);
    const moved = payloads.find((p) => p.type === 'label.moved');
    assert.deepEqual(moved.data, {
      prompt: { id: promptId, name: 'greeter' },
      label: 'production',
      from: null,
      to: { versionNumber: 2 },
      via: 'api',
      reason: null,
      actor: { kind: 'user', userId: suite.team.admin.id },
    });
    assert.ok(!Number.isNaN(Date.parse(moved.timestamp)));

    const delivered = await settled(id, (d) => d.status !== 'PENDING');
    assert.equal(delivered.status, 'SUCCEEDED');
    const log = await deliveries(id);
    assert.equal(log.total, 3);
    assert.equal(log.items[0].type, 'label.moved', 'newest first');
    assert.deepEqual(log.items[0].payload, moved);
    assert.equal(log.items[0].messageId, requests.find((r) => verify(secret, r).type === 'label.moved')!.headers['webhook-id']);
  });

  it('retries a failing receiver with backoff, then succeeds; the log shows every attempt', async () => {
    const { id, secret } = await subscribe(['label.moved']);
    const promptId = await createPrompt(suite.server, suite.team.admin.token, suite.team.projectId, { name: 'retrier' });
    suite.receiver.answers.push(500, 503);
    await moveLabel(promptId, 1);

    const requests = await suite.receiver.waitFor(3);
    assert.equal(new Set(requests.map((r) => r.headers['webhook-id'])).size, 1, 'every attempt carries the same message id');
    for (const request of requests) assert.equal(verify(secret, request).type, 'label.moved');

    const delivery = await settled(id, (d) => d.status !== 'PENDING');
    assert.equal(delivery.status, 'SUCCEEDED');
    assert.equal(delivery.attemptCount, 3);
    assert.deepEqual(
      delivery.attempts.map((a: any) => [a.number, a.statusCode, a.error, a.manual]),
      [
        [1, 500, 'The receiver answered HTTP 500', false],
        [2, 503, 'The receiver answered HTTP 503', false],
        [3, 204, null, false],
      ],
    );
    const [first, second, third] = delivery.attempts;
    assert.ok(Date.parse(first.nextAttemptAt) > Date.parse(first.createdAt));
    assert.ok(
      Date.parse(second.nextAttemptAt) - Date.parse(second.createdAt) > Date.parse(first.nextAttemptAt) - Date.parse(first.createdAt),
      'the wait grows',
    );
    assert.equal(third.nextAttemptAt, null);
    assert.equal(delivery.nextAttemptAt, null);
  });

  it('gives up after the last attempt; a resend makes one more attempt of the same message', async () => {
    const { id, secret } = await subscribe(['label.moved']);
    const promptId = await createPrompt(suite.server, suite.team.admin.token, suite.team.projectId, { name: 'resender' });
    suite.receiver.answers.push(500, 500, 500);
    await moveLabel(promptId, 1);
    await suite.receiver.waitFor(3);
    const failed = await settled(id, (d) => d.status !== 'PENDING');
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.attemptCount, 3);
    assert.equal(failed.attempts.at(-1).nextAttemptAt, null);

    const resent = await rest(suite.server, 'POST', `/webhooks/${id}/deliveries/${failed.id}/resend`, { token: suite.team.admin.token });
    expectStatus(resent, 202);
    assert.equal(resent.body.status, 'PENDING');
    const [, , , fourth] = await suite.receiver.waitFor(4);
    assert.equal(fourth!.headers['webhook-id'], failed.messageId);
    assert.deepEqual(verify(secret, fourth!), failed.payload);
    const delivered = await settled(id, (d) => d.status !== 'PENDING');
    assert.equal(delivered.status, 'SUCCEEDED');
    assert.deepEqual(
      delivered.attempts.map((a: any) => [a.number, a.statusCode, a.manual]),
      [
        [1, 500, false],
        [2, 500, false],
        [3, 500, false],
        [4, 204, true],
      ],
    );

    expectStatus(await rest(suite.server, 'POST', `/webhooks/${id}/deliveries/no-such-delivery/resend`, { token: suite.team.admin.token }), 404);
    expectStatus(await rest(suite.server, 'POST', `/webhooks/${id}/deliveries/${failed.id}/resend`, { token: suite.team.member.token }), 403);
    expectStatus(await rest(suite.server, 'PUT', `/webhooks/${id}`, { token: suite.team.admin.token, json: { active: false } }), 200);
    const paused = await rest(suite.server, 'POST', `/webhooks/${id}/deliveries/${failed.id}/resend`, { token: suite.team.admin.token });
    expectStatus(paused, 409);
  });

  it('publishes nothing for a change that rolls back, and only to active webhooks subscribed to the event', async () => {
    const { id } = await subscribe(['prompt.version.created']);
    await subscribe(['label.moved']);
    const inactive = await subscribe(['prompt.version.created']);
    expectStatus(await rest(suite.server, 'PUT', `/webhooks/${inactive.id}`, { token: suite.team.admin.token, json: { active: false } }), 200);
    const prisma = suite.server.database.db.prisma;
    const events = () => prisma.webhookEvent.count({ where: { workspaceId: suite.team.workspaceId } });
    const before = await events();

    await assert.rejects(
      prisma.$transaction(async (tx) => {
        await publishEvent(tx, { workspaceId: suite.team.workspaceId, type: 'prompt.version.created', data: { rolledBack: true } });
        throw new Error('the change failed after publishing');
      }),
      /the change failed after publishing/,
    );
    // A stale write is refused (409) inside the version transaction: nothing is published either.
    const promptId = await createPrompt(suite.server, suite.team.admin.token, suite.team.projectId, { name: 'rollback' });
    const stale = await rest(suite.server, 'PUT', `/prompts/${promptId}`, { token: suite.team.admin.token, json: { content: 'v2', baseVersion: 0 } });
    expectStatus(stale, 409);
    assert.equal(await events(), before + 1, 'only the created prompt published an event');

    const [request] = await suite.receiver.waitFor(1);
    assert.equal(JSON.parse(request!.body).data.prompt.name, 'rollback');
    // One delivery of the one event: to the active subscriber of its type, not to the inactive one nor the label.moved one.
    const rows = await prisma.webhookDelivery.findMany({
      where: { event: { workspaceId: suite.team.workspaceId } },
      select: { webhookId: true, eventId: true },
    });
    const latest = await prisma.webhookEvent.findFirstOrThrow({ where: { workspaceId: suite.team.workspaceId }, orderBy: { createdAt: 'desc' } });
    assert.deepEqual(
      rows.filter((r) => r.eventId === latest.id).map((r) => r.webhookId),
      [id],
    );
    assert.equal((await deliveries(id)).total, 1);
  });

  it('sends a delivery whose job was never handed to the queue (a crash between commit and send)', async () => {
    const { id, secret } = await subscribe(['experiment.stopped']);
    const prisma = suite.server.database.db.prisma;
    // What a crash right after the commit leaves: the event and its delivery, no job.
    const payload = JSON.stringify({ type: 'experiment.stopped', timestamp: new Date().toISOString(), data: { experimentId: 'e1' } });
    await prisma.webhookEvent.create({ data: { id: 'msg_crashedbeforesend', workspaceId: suite.team.workspaceId, type: 'experiment.stopped', payload } });
    await prisma.webhookDelivery.create({ data: { webhookId: id, eventId: 'msg_crashedbeforesend' } });

    // The pass the job queue runs at start-up and every few seconds.
    const sent = await sendPendingJobs(queueOf(suite.server.database.db)!, prisma);
    assert.ok(sent >= 1);
    const [request] = await suite.receiver.waitFor(1);
    assert.equal(request!.headers['webhook-id'], 'msg_crashedbeforesend');
    assert.deepEqual(verify(secret, request!).data, { experimentId: 'e1' });
    assert.equal((await settled(id, (d) => d.status !== 'PENDING')).status, 'SUCCEEDED');
    assert.equal(await sendPendingJobs(queueOf(suite.server.database.db)!, prisma), 0, 'nothing is left to send');
  });
});
