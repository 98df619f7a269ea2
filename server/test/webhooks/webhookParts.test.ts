import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { retryDelaySeconds } from '../../src/features/webhooks/deliveryAttempt.ts';
import { postWebhook, signedHeaders } from '../../src/features/webhooks/webhookRequest.ts';
import { newSigningSecret } from '../../src/features/webhooks/webhookSecret.ts';
import { webhookUrlProblem } from '../../src/features/webhooks/webhookUrl.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver.ts';

describe('webhook parts: URL rule, backoff, signing, the private-address guard', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await receiver?.close();
  });

  const cases: Array<[string, boolean, string | undefined]> = [
    ['https://hooks.example.com/x', false, undefined],
    ['http://93.184.216.34/x', false, undefined],
    ['ftp://example.com/x', false, 'url must use http:// or https://'],
    ['example.com/x', false, 'url must be an absolute http:// or https:// URL'],
    ['http://localhost:3000/x', false, 'url must not target localhost'],
    ['http://api.localhost/x', false, 'url must not target localhost'],
    ['http://127.0.0.1/x', false, 'url must not target a loopback address'],
    ['http://0x7f.0.0.1/x', false, 'url must not target a loopback address'],
    ['http://10.0.0.8/x', false, 'url must not target a private address'],
    ['http://169.254.169.254/latest/meta-data', false, 'url must not target a linkLocal address'],
    ['http://[::1]/x', false, 'url must not target a loopback address'],
    ['http://[::ffff:192.168.0.1]/x', false, 'url must not target a private address'],
    ['http://[fd00::1]/x', false, 'url must not target a uniqueLocal address'],
    ['http://0.0.0.0/x', false, 'url must not target a unspecified address'],
    ['http://127.0.0.1/x', true, undefined],
    ['http://localhost/x', true, undefined],
    ['ftp://127.0.0.1/x', true, 'url must use http:// or https://'],
  ];
  for (const [url, allowPrivate, problem] of cases) {
    it(`${problem ? 'refuses' : 'accepts'} ${url}${allowPrivate ? ' when private targets are allowed' : ''}`, () => {
      assert.equal(webhookUrlProblem(url, allowPrivate), problem);
    });
  }

  it('waits three times longer before each retry, with at most 10% jitter, capped at 12 hours', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelaySeconds(n, 30, () => 0)),
      [30, 90, 270, 810],
    );
    assert.equal(
      retryDelaySeconds(1, 30, () => 1),
      33,
    );
    assert.equal(
      retryDelaySeconds(20, 30, () => 0),
      12 * 60 * 60,
    );
  });

  it('signs as the Standard Webhooks specification says, so the library verifies it and refuses a changed body', () => {
    const secret = newSigningSecret();
    assert.match(secret, /^whsec_/);
    const body = JSON.stringify({ type: 'label.moved', timestamp: new Date().toISOString(), data: { label: 'production' } });
    const headers = signedHeaders(secret, 'msg_1', body);
    assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
    assert.throws(() => new Webhook(secret).verify(body.replace('production', 'staging'), headers));
    const stale = signedHeaders(secret, 'msg_1', body, new Date(Date.now() - 10 * 60 * 1000));
    assert.throws(() => new Webhook(secret).verify(body, stale), /timestamp/i);
  });

  it('refuses to connect to a loopback address unless private targets are allowed', async () => {
    const headers = signedHeaders(newSigningSecret(), 'msg_2', '{}');
    const blocked = await postWebhook(receiver.url, headers, '{}', { allowPrivate: false });
    assert.equal(blocked.statusCode, null);
    assert.match(blocked.error ?? '', /not allowed|private/i);
    assert.equal(receiver.received.length, 0);

    const allowed = await postWebhook(receiver.url, headers, '{}', { allowPrivate: true });
    assert.equal(allowed.statusCode, 204);
    assert.equal(allowed.error, null);
    assert.equal(receiver.received.length, 1);
  });

  it('reports a refused connection and a receiver that does not answer in time as failed attempts', async () => {
    const refused = await postWebhook('http://127.0.0.1:1/x', {}, '{}', { allowPrivate: true });
    assert.equal(refused.statusCode, null);
    assert.match(refused.error ?? '', /ECONNREFUSED/);
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const timedOut = await postWebhook(`http://127.0.0.1:${port}/x`, {}, '{}', { allowPrivate: true, timeoutMs: 300 });
      assert.equal(timedOut.statusCode, null);
      assert.equal(timedOut.error, 'No answer within 0.3 s');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
