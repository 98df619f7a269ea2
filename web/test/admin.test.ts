/**
 * Workspace administration and the account in a real browser against the real backend (`node
 * server/dist/main.js` on a fresh embedded database): members and roles, invitations and the
 * accept link, settings and limits, API keys whose secret is shown once, and changing the
 * password. What the pages do is checked through the API; every page is checked with axe-core.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startLocalProviderServer } from '@promptstack/core/local-provider/server';
import { AppPages, assertFitsPhone, PASSWORD, shot, signIn, signUp } from './support/app.ts';
import { startBackend, type Backend } from './support/backend.ts';
import { assertAccessible, launchBrowser } from './support/browser.ts';

describe('web app: workspace administration and account (Chromium against npm start)', function () {
  this.timeout(300_000);
  let backend: Backend;
  let browser: Browser;
  let workspaceId: string;
  let pages: AppPages;

  before(async () => {
    backend = await startBackend();
    browser = await launchBrowser();
    pages = new AppPages(browser, backend.url);
  });
  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const newPage = () => pages.open({ clipboard: true });

  async function clipboard(page: Page): Promise<string> {
    return page.evaluate(() => navigator.clipboard.readText());
  }

  async function members(page: Page): Promise<Array<{ email: string; role: string }>> {
    return (await (await page.request.get(`/api/workspaces/${workspaceId}/members`)).json()) as Array<{ email: string; role: string }>;
  }

  it('lets an Admin invite by link, change roles and remove members, and shows others a read-only list', async () => {
    const ada = await newPage();
    await signUp(ada.page, 'Ada', 'ada@example.com');
    await ada.page.getByRole('heading', { name: 'Workspaces' }).waitFor();
    await ada.page.getByRole('listitem').getByRole('link').first().click();
    workspaceId = /\/workspaces\/([^/]+)/.exec(ada.page.url())![1]!;
    await ada.page.getByRole('link', { name: 'Members' }).click();
    await ada.page.getByRole('heading', { name: /^Members of / }).waitFor();
    const table = ada.page.getByRole('region', { name: 'Members' });
    assert.equal(await table.getByLabel('Role of Ada').inputValue(), 'ADMIN');
    await ada.page.getByText('No invitation is waiting for an answer.').waitFor();
    await assertAccessible(ada.page, 'the members page (Admin)');

    // Invite Bob as a Viewer: the link to send is shown and copied.
    await ada.page.getByLabel('Email to invite').fill('bob@example.com');
    await ada.page.getByLabel('Their role').selectOption('VIEWER');
    await ada.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const sent = ada.page.getByRole('status').filter({ hasText: 'Invited bob@example.com as Viewer' });
    await sent.waitFor();
    const link = (await sent.locator('code').textContent()) ?? '';
    assert.match(link, new RegExp(`^${backend.url}/invitations/[\\w-]+$`));
    await sent.getByRole('button', { name: 'Copy the invitation link' }).click();
    await sent.getByText('Copied.').waitFor();
    assert.equal(await clipboard(ada.page), link);
    await shot(ada.page, 'web-members');

    // The link is for Bob's email only: Ada, signed in, is told so.
    const ada2 = await ada.context.newPage();
    await ada2.goto(new URL(link).pathname);
    await ada2.getByRole('heading', { name: 'No invitation here for you' }).waitFor();
    await ada2.getByText(/for ada@example\.com/).waitFor();
    await ada2.close();

    // A second invitation, withdrawn after the confirmation.
    await ada.page.getByLabel('Email to invite').fill('carol@example.com');
    await ada.page.getByLabel('Their role').selectOption('MEMBER');
    await ada.page.getByRole('button', { name: 'Invite', exact: true }).click();
    await ada.page.getByText(/carol@example\.com · Member/).waitFor();
    await ada.page.getByRole('button', { name: 'Withdraw the invitation of carol@example.com' }).click();
    await ada.page.getByRole('group', { name: 'Withdraw the invitation of carol@example.com?' }).getByRole('button', { name: 'Cancel' }).click();
    await ada.page.getByRole('button', { name: 'Withdraw the invitation of carol@example.com' }).click();
    await assertAccessible(ada.page, 'the members page asking to confirm');
    await ada.page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await ada.page.getByText(/carol@example\.com · Member/).waitFor({ state: 'detached' });
    const open = (await (await ada.page.request.get(`/api/workspaces/${workspaceId}/invitations`)).json()) as Array<{ email: string }>;
    assert.deepEqual(
      open.map((i) => i.email),
      ['bob@example.com'],
    );

    // Bob opens the link signed out: he signs up, comes back to it and accepts.
    const bob = await newPage();
    await signUp(bob.page, 'Bob', 'bob@example.com', new URL(link).pathname);
    await bob.page.getByRole('heading', { name: "Join Ada's workspace" }).waitFor();
    await bob.page.getByText(/Ada invited you to join .* as Viewer/).waitFor();
    await assertAccessible(bob.page, 'the invitation page');
    await bob.page.getByRole('button', { name: 'Accept and join' }).click();
    await bob.page.getByText('Your role: Viewer').waitFor();
    assert.equal(await bob.page.getByRole('link', { name: 'API keys' }).count(), 0);

    // As a Viewer: members, settings and keys to read, nothing to change.
    await bob.page.getByRole('link', { name: 'Members' }).click();
    await bob.page.getByText('Only Admins change roles, remove members and invite people.').waitFor();
    await bob.page.getByRole('region', { name: 'Members' }).getByText('ada@example.com').waitFor();
    assert.equal(await bob.page.getByRole('combobox').count(), 0);
    assert.equal(await bob.page.getByRole('button', { name: /Remove|Invite|Withdraw/ }).count(), 0);
    await assertAccessible(bob.page, 'the members page (Viewer)');
    await bob.page.goto(`/workspaces/${workspaceId}/settings`);
    await bob.page.getByText('Only Admins change these.').waitFor();
    assert.equal(await bob.page.getByRole('button', { name: 'Save settings' }).count(), 0);
    await assertAccessible(bob.page, 'the settings page (Viewer)');
    await bob.page.goto(`/workspaces/${workspaceId}/api-keys`);
    await bob.page.getByText('Only Admins of this workspace see and manage its API keys.').waitFor();
    await assertAccessible(bob.page, 'the API keys page (Viewer)');

    // Ada makes Bob a Member; the last Admin cannot step down; then she removes Bob.
    await ada.page.reload();
    const relisted = ada.page.waitForResponse((r) => r.url().includes('members.list') && r.ok());
    await table.getByLabel('Role of Bob').selectOption('MEMBER');
    await relisted;
    assert.deepEqual(
      (await members(ada.page)).map((m) => `${m.email} ${m.role}`),
      ['ada@example.com ADMIN', 'bob@example.com MEMBER'],
    );
    await table.getByLabel('Role of Ada').selectOption('VIEWER');
    await table.getByRole('alert').getByText('A workspace needs at least one admin').waitFor();
    assert.equal(await table.getByLabel('Role of Ada').inputValue(), 'ADMIN');
    await table.getByRole('button', { name: 'Remove Bob' }).click();
    await table.getByRole('button', { name: 'Yes, remove' }).click();
    await table.getByText('bob@example.com').waitFor({ state: 'detached' });
    assert.deepEqual(
      (await members(ada.page)).map((m) => m.email),
      ['ada@example.com'],
    );
    assert.equal((await bob.page.request.get(`/api/workspaces/${workspaceId}`)).status(), 404);
    // At phone width the page does not scroll sideways (the table scrolls in its own region).
    await assertFitsPhone(ada.page, 'the members page');
    await ada.context.close();
    await bob.context.close();
  });

  it('saves settings and limits, and clears a limit', async () => {
    const { context, page } = await newPage();
    await signIn(page.request, 'ada@example.com');
    await page.goto(`/workspaces/${workspaceId}`);
    await page.getByRole('link', { name: 'Settings and limits' }).click();
    await page.getByRole('heading', { name: /^Settings of / }).waitFor();
    await assertAccessible(page, 'the settings page (Admin)');
    await page.getByLabel('Name', { exact: true }).fill('Support team');
    await page.getByLabel(/^Slug/).fill('support-team');
    await page.getByLabel('Members at most').fill('5');
    await page.getByLabel('Monthly spend limit (USD)').fill('25');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.getByRole('heading', { name: 'Settings of Support team' }).waitFor();
    type Stored = { name: string; slug: string | null; maxMembers: number | null; maxPrompts: number | null; monthlySpendLimitUsd: number | null };
    const read = async () => (await (await page.request.get(`/api/workspaces/${workspaceId}`)).json()) as Stored;
    const { name, slug, maxMembers, maxPrompts, monthlySpendLimitUsd } = await read();
    assert.deepEqual(
      { name, slug, maxMembers, maxPrompts, monthlySpendLimitUsd },
      { name: 'Support team', slug: 'support-team', maxMembers: 5, maxPrompts: null, monthlySpendLimitUsd: 25 },
    );

    // An empty field clears the limit; the form shows what was stored after a reload.
    await page.getByLabel('Monthly spend limit (USD)').fill('');
    const updated = page.waitForResponse((r) => r.url().includes('workspaces.update') && r.ok());
    await page.getByRole('button', { name: 'Save settings' }).click();
    await updated;
    assert.equal((await read()).monthlySpendLimitUsd, null);
    await page.reload();
    assert.equal(await page.getByLabel('Members at most').inputValue(), '5');
    assert.equal(await page.getByLabel('Monthly spend limit (USD)').inputValue(), '');

    // A short name another workspace holds is refused with the server's reason, nothing saved.
    const other = await page.request.post('/api/workspaces', { data: { name: 'Other', slug: 'taken-name' } });
    assert.equal(other.status(), 201);
    await page.getByLabel(/^Slug/).fill('taken-name');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').getByText("The slug 'taken-name' is taken; choose another").waitFor();
    assert.equal((await read()).slug, 'support-team');
    await context.close();
  });

  it('creates an API key shown once with a copy button, and revokes it', async () => {
    const { context, page } = await newPage();
    await signIn(page.request, 'ada@example.com');
    const project = await page.request.post('/api/projects', { data: { workspaceId, name: 'Bot' } });
    assert.equal(project.status(), 201);
    const { id: projectId } = (await project.json()) as { id: string };
    await page.goto(`/workspaces/${workspaceId}`);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No API keys yet.').waitFor();
    await assertAccessible(page, 'the API keys page (Admin)');

    await page.getByLabel('Key name (what it is for)').fill('support-bot production');
    await page.getByLabel(/generations:write/).check();
    await page.getByLabel('Limited to').selectOption({ label: 'Project Bot' });
    await page.getByRole('button', { name: 'Create API key' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'shown only this once' });
    await shown.waitFor();
    const key = (await shown.locator('code.secret').textContent()) ?? '';
    assert.match(key, /^psk_\S{20,}$/);
    await shown.getByRole('button', { name: 'Copy the new API key' }).click();
    await shown.getByText('Copied.').waitFor();
    assert.equal(await clipboard(page), key);
    const row = page.getByRole('region', { name: 'API keys' }).getByRole('row', { name: /support-bot production/ });
    assert.match((await row.textContent()) ?? '', /prompts:read, generations:write.*Bot.*Never/);
    await assertAccessible(page, 'the API keys page with a new key');

    // The key works on the API, for its project.
    const asKey = (path: string) => fetch(`${backend.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await asKey(`/api/prompts?projectId=${projectId}`)).status, 200);

    // After a reload the secret is nowhere on the page; revoking needs a confirmation, then the key is refused.
    await page.reload();
    await row.waitFor();
    assert.equal((await page.content()).includes(key), false);
    await shot(page, 'web-api-keys');
    await row.getByRole('button', { name: 'Revoke support-bot production' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText(/^Revoked /).waitFor();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 401; attempt++) {
      status = (await asKey(`/api/prompts?projectId=${projectId}`)).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 401);
    await context.close();
  });

  it("stores a provider key the workspace's runs use, shows it only masked, and removes it", async () => {
    const secret = 'sk-workspace-key-0123456789';
    const provider = await startLocalProviderServer({ apiKey: secret, script: { '*': { output: 'Hello from the workspace key' } } });
    const { context, page } = await newPage();
    try {
      await signIn(page.request, 'ada@example.com');
      const project = await page.request.post('/api/projects', { data: { workspaceId, name: 'Runs' } });
      const { id: projectId } = (await project.json()) as { id: string };
      const created = await page.request.post('/api/prompts', { data: { projectId, name: 'hello', content: '---\nmodel: openai/gpt-4o-mini\n---\nHi' } });
      const { id: promptId } = (await created.json()) as { id: string };
      const run = async () => (await (await page.request.post(`/api/prompts/${promptId}/test`, { data: { input: {} } })).json()) as Record<string, unknown>;

      // No key in the workspace nor on this server: the run says where one goes, and nothing is sent.
      const before = await run();
      assert.equal(before.errorKind, 'auth');
      assert.match(String(before.error), /^This workspace has no OpenAI key: an Admin adds one under Provider keys/);
      assert.equal(provider.requests.length, 0);

      await page.goto(`/workspaces/${workspaceId}`);
      await page.getByRole('link', { name: 'Provider keys' }).click();
      await page.getByRole('heading', { name: /^Provider keys of / }).waitFor();
      await page.getByText('No provider keys yet').waitFor();
      await assertAccessible(page, 'the provider keys page (Admin)');
      await page.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'OpenAI' });
      await page.getByLabel('API key').fill(secret);
      await page.getByLabel(/^Base URL/).fill(provider.openaiBaseUrl);
      await page.getByRole('button', { name: 'Save key' }).click();
      await page.getByRole('status').getByText('Saved the OpenAI key (sk-…6789): runs in this workspace use it now.').waitFor();
      assert.equal(await page.getByLabel('API key').inputValue(), '', 'the key stayed in the form');
      const row = page.getByRole('region', { name: 'Provider keys' }).getByRole('row', { name: /OpenAI/ });
      const text = (await row.textContent()) ?? '';
      assert.ok(text.startsWith('OpenAIsk-…6789') && text.includes(provider.openaiBaseUrl), text);
      await assertAccessible(page, 'the provider keys page with a key');
      await page.reload();
      await row.waitFor();
      assert.equal((await page.content()).includes(secret), false, 'the key is on the page');
      await shot(page, 'web-provider-keys');

      const after = await run();
      assert.equal(after.status, 'success', String(after.error));
      assert.equal(after.output, 'Hello from the workspace key');
      assert.equal(provider.requests.at(-1)!.headers.authorization, `Bearer ${secret}`);

      await row.getByRole('button', { name: 'Remove the OpenAI key' }).click();
      await row.getByRole('button', { name: 'Yes, remove' }).click();
      await page.getByText('No provider keys yet').waitFor();
      assert.equal((await run()).errorKind, 'auth');
    } finally {
      await context.close();
      await provider.close();
    }
  });

  it('changes the password with the current one, ending the other sessions', async () => {
    const { context, page } = await newPage();
    await signIn(page.request, 'ada@example.com');
    const elsewhere = await browser.newContext({ baseURL: backend.url });
    await signIn(elsewhere.request, 'ada@example.com');
    await page.goto('/');
    await page.getByRole('link', { name: /Your account: Ada/ }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    await assertAccessible(page, 'the account page');

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel(/^New password \(at least 8/).fill('a brand new secret');
    await page.getByLabel('New password again').fill('a brand new secre');
    await page.getByText('The two new passwords differ.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Change password' }).isDisabled(), true);
    await page.getByLabel('New password again').fill('a brand new secret');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('Current password is wrong').waitFor();

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    // This browser stays signed in; the other session ended; only the new password signs in.
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    assert.deepEqual(await (await elsewhere.request.get('/api/auth/session')).json(), {});
    assert.equal((await page.request.post('/api/auth/signin', { data: { email: 'ada@example.com', password: PASSWORD } })).status(), 401);
    await signIn(page.request, 'ada@example.com', 'a brand new secret');
    await elsewhere.close();
    await context.close();
  });

  it('broke no Content-Security-Policy rule on any page', () => {
    assert.deepEqual(pages.cspErrors, []);
  });
});
