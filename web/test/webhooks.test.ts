/**
 * Webhooks in a real browser against the real backend (`node server/dist/main.js` on a fresh
 * embedded database, with the users and the prompt of support/governanceWorld.ts): a webhook whose
 * secret is shown once and whose deliveries of label moves reach a receiver in this test, then
 * resent, paused, given a new secret and deleted (no webhooks for a Member); and one a receiver's
 * 410 Gone disables, saying why and since when, then resumed. Every page is checked with axe-core,
 * and none may break its Content-Security-Policy.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertFitsPhone, shot, signIn } from './support/app.ts';
import { assertAccessible } from './support/browser.ts';
import { governanceWorld, json, type GovernanceWorld } from './support/governanceWorld.ts';

/** A webhook receiver: answers `status` (204, or 410 Gone for an endpoint that no longer exists) and keeps each request's headers and body. */
async function startReceiver(
  status = 204,
): Promise<{ url: string; requests: Array<{ headers: IncomingHttpHeaders; body: { type: string } }>; server: Server }> {
  const requests: Array<{ headers: IncomingHttpHeaders; body: { type: string } }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(body) as { type: string } });
      res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/promptstack`, requests, server };
}

async function until<T>(what: string, read: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('web app: webhooks (Chromium against npm start)', function () {
  this.timeout(300_000);
  let world: GovernanceWorld;

  before(async () => (world = await governanceWorld()));
  after(() => world?.close());

  it('creates a webhook whose secret is shown once, delivers to a receiver, resends, pauses, rotates and deletes', async () => {
    const receiver = await startReceiver();
    try {
      const ada = await world.pages.open({ clipboard: true });
      await signIn(ada.page.request, 'ada@example.com');
      await ada.page.goto(`/workspaces/${world.workspaceId}`);
      await ada.page.getByRole('link', { name: 'Webhooks' }).click();
      await ada.page.getByText('No webhooks yet. Create one above').waitFor();
      await assertAccessible(ada.page, 'the webhooks page (empty)');

      await ada.page.getByLabel(/URL that receives the events/).fill(receiver.url);
      await ada.page.getByLabel('Description (optional)').fill('CI');
      await ada.page.getByLabel(/prompt\.version\.created/).check();
      await ada.page.getByRole('button', { name: 'Create webhook' }).click();
      const shown = ada.page.getByRole('status').filter({ hasText: 'shown only this once' });
      const secret = (await shown.locator('code.secret').textContent()) ?? '';
      assert.match(secret, /^whsec_\S+$/);
      await shown.getByRole('button', { name: 'Copy the signing secret' }).click();
      await shown.getByText('Copied.').waitFor();
      assert.equal(await ada.page.evaluate(() => navigator.clipboard.readText()), secret);
      const item = ada.page.getByRole('listitem', { name: `Webhook ${receiver.url}` });
      assert.match((await item.textContent()) ?? '', /active.*Events: prompt\.version\.created, label\.moved/);

      // A label move is delivered to the receiver, and the delivery log shows it.
      await json(ada.page.request, 'put', `/api/prompts/${world.promptId}/labels/staging`, { versionNumber: 1 });
      const first = await until('the label.moved delivery', () => receiver.requests.find((r) => r.body.type === 'label.moved'));
      assert.match(String(first.headers['webhook-signature']), /^v1,/);
      await item.getByText('Delivery log').click();
      const log = item.getByRole('region', { name: 'Deliveries' });
      const row = log.getByRole('row', { name: /label\.moved/ });
      await row.getByText('Delivered').waitFor();
      assert.match((await row.textContent()) ?? '', /label\.movedDelivered1204/);
      await assertAccessible(ada.page, 'the webhooks page with a delivery log');
      await shot(ada.page, 'web-webhooks');
      await assertFitsPhone(ada.page, 'the webhooks page');

      // Resend: the same message id again, a second attempt in the log.
      await row.getByRole('button', { name: /^Resend label\.moved/ }).click();
      await item.getByText('Sent again: the new attempt appears above.').waitFor();
      await until('the resent delivery', () =>
        receiver.requests.filter((r) => r.headers['webhook-id'] === first.headers['webhook-id']).length === 2 ? true : undefined,
      );
      // The log is read again while the delivery is being attempted.
      await row.filter({ hasText: /Delivered2204/ }).waitFor({ timeout: 30_000 });

      // Paused: no resend offered; resumed again.
      await item.getByRole('button', { name: 'Pause deliveries' }).click();
      await item.getByText('paused', { exact: true }).waitFor();
      await item.getByText(/Deliveries stopped on .*: Paused by an admin\. .*Resume deliveries sends the next ones/).waitFor();
      assert.equal(await item.getByRole('button', { name: /^Resend/ }).count(), 0);
      await item.getByRole('button', { name: 'Resume deliveries' }).click();
      await item.getByText('active', { exact: true }).waitFor();

      // A new secret, shown once, different from the first.
      await item.getByRole('button', { name: `New secret for the webhook ${receiver.url}` }).click();
      await item.getByRole('button', { name: 'Yes, replace it' }).click();
      const rotated = (await item.getByRole('status').filter({ hasText: 'shown only this once' }).locator('code.secret').textContent()) ?? '';
      assert.match(rotated, /^whsec_\S+$/);
      assert.notEqual(rotated, secret);
      // The previous secret keeps signing for a while: the page says until when.
      await item.getByText(/The previous secret still verifies until .+: each request is signed with both/).waitFor();

      // Carol (a Member) has no webhooks link and no list.
      const carol = await world.pages.open();
      await signIn(carol.page.request, 'carol@example.com');
      await carol.page.goto(`/workspaces/${world.workspaceId}`);
      await carol.page.getByText('Your role: Member').waitFor();
      assert.equal(await carol.page.getByRole('link', { name: 'Webhooks' }).count(), 0);
      await carol.page.goto(`/workspaces/${world.workspaceId}/webhooks`);
      await carol.page.getByText('Only Admins of this workspace see and manage its webhooks.').waitFor();
      await assertAccessible(carol.page, 'the webhooks page (Member)');
      await carol.context.close();

      await item.getByRole('button', { name: `Delete the webhook ${receiver.url}` }).click();
      await item.getByRole('button', { name: 'Yes, delete' }).click();
      await ada.page.getByText('No webhooks yet. Create one above').waitFor();
      assert.deepEqual(await json(ada.page.request, 'get', `/api/workspaces/${world.workspaceId}/webhooks`), []);
      await ada.context.close();
    } finally {
      receiver.server.close();
    }
  });

  it('says why and since when a webhook whose receiver answered 410 Gone is disabled, and resumes it', async () => {
    const receiver = await startReceiver(410);
    try {
      const ada = await world.pages.open();
      await signIn(ada.page.request, 'ada@example.com');
      const webhook = await json<{ id: string }>(ada.page.request, 'post', `/api/workspaces/${world.workspaceId}/webhooks`, {
        url: receiver.url,
        events: ['label.moved'],
      });
      await json(ada.page.request, 'put', `/api/prompts/${world.promptId}/labels/gone-check`, { versionNumber: 1 });
      await until('the 410 answer', () => receiver.requests.find((r) => r.body.type === 'label.moved'));
      let listed: { active: boolean; disabledReason: string | null; disabledAt: string | null } | undefined;
      for (let look = 0; look < 100 && (listed === undefined || listed.active); look++) {
        if (look > 0) await new Promise((r) => setTimeout(r, 100));
        const webhooks = await json<Array<{ id: string; active: boolean; disabledReason: string | null; disabledAt: string | null }>>(
          ada.page.request,
          'get',
          `/api/workspaces/${world.workspaceId}/webhooks`,
        );
        listed = webhooks.find((w) => w.id === webhook.id);
      }
      assert.equal(listed?.active, false, 'the webhook was not disabled after the 410');

      await ada.page.goto(`/workspaces/${world.workspaceId}/webhooks`);
      const item = ada.page.getByRole('listitem', { name: `Webhook ${receiver.url}` });
      await item.getByText('paused', { exact: true }).waitFor();
      // In the browser's locale and time zone, as the page writes it.
      const when = await ada.page.evaluate((iso) => new Date(iso).toLocaleString(), listed!.disabledAt!);
      const notice = item.getByText(/^Deliveries stopped on /);
      assert.equal(
        await notice.textContent(),
        `Deliveries stopped on ${when}: ${listed!.disabledReason}. Events are not sent while it is stopped; Resume deliveries sends the next ones, and a failed delivery can then be resent from the log.`,
      );
      assert.match(listed!.disabledReason ?? '', /410 Gone/);
      await assertAccessible(ada.page, 'the webhooks page (a webhook disabled by a 410)');

      await item.getByRole('button', { name: 'Resume deliveries' }).click();
      await item.getByText('active', { exact: true }).waitFor();
      assert.equal(await item.getByText(/^Deliveries stopped/).count(), 0);
      await ada.context.close();
    } finally {
      receiver.server.close();
    }
  });

  it('broke no Content-Security-Policy rule on any page', () => {
    assert.deepEqual(world.pages.cspErrors, []);
  });
});
