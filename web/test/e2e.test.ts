/**
 * The web app in a real browser against the real backend (`node server/dist/main.js` on a fresh
 * embedded database): sign up, create a project and a prompt, edit it into a second version, diff
 * the two, move a label, and a Viewer who sees no live write controls. Every page is checked with
 * axe-core, and no page may break its Content-Security-Policy.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { AppPages, assertFitsPhone, shot, signUp as signUpThroughPages } from './support/app.ts';
import { startBackend, type Backend } from './support/backend.ts';
import { assertAccessible, launchBrowser } from './support/browser.ts';

describe('web app (Chromium against npm start)', function () {
  this.timeout(300_000);
  let backend: Backend;
  let browser: Browser;
  let provider: LocalProviderServer;
  let pages: AppPages;

  before(async () => {
    // The server's own OpenAI credentials point at the local provider, which speaks OpenAI's wire.
    provider = await startLocalProviderServer({ script: { '*': { chunkDelayMs: 5 } } });
    backend = await startBackend({ OPENAI_API_KEY: 'sk-local-test', OPENAI_BASE_URL: provider.openaiBaseUrl });
    browser = await launchBrowser();
    pages = new AppPages(browser, backend.url);
  });
  after(async () => {
    await browser?.close();
    await backend?.stop();
    await provider?.close();
  });

  const newPage = (width = 1200) => pages.open({ width });

  async function signUp(page: Page, name: string, email: string) {
    await signUpThroughPages(page, name, email);
    await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
  }

  it('takes a new user from sign-up to a second version, a diff and a label', async () => {
    const { context, page } = await newPage();
    await signUp(page, 'Ada', 'ada@example.com');
    await assertAccessible(page, 'the workspaces page');

    // The personal workspace made at sign-up, then a project in it.
    await page.getByRole('listitem').getByRole('link').first().click();
    await page.getByText('Your role: Admin').waitFor();
    await page.getByLabel('New project name').fill('Support');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('link', { name: 'Support' }).click();
    await page.getByRole('heading', { name: 'Support' }).waitFor();
    await assertAccessible(page, 'the project page');

    await page.getByText('New prompt').click();
    await page.getByLabel('Name', { exact: true }).fill('support-reply');
    await page.getByRole('button', { name: 'Create prompt' }).click();
    await page.getByRole('heading', { name: 'support-reply' }).waitFor();
    await page.getByRole('heading', { name: 'Version 1', exact: true }).waitFor();
    // The breadcrumb names the workspace and the project it leads back to.
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await crumbs.getByRole('link', { name: 'Support' }).waitFor();
    assert.match((await crumbs.textContent()) ?? '', /^Workspaces \/ Ada\S* .+ \/ Support$/);
    // Highlighted with our grammar: the source is split into colored tokens.
    const source = page.getByLabel('Source of version 1');
    await source.locator('span[style]').first().waitFor();
    assert.match((await source.textContent()) ?? '', /Answer briefly: \{\{question\}\}/);

    await page.getByText('Edit and save a new version').click();
    const editor = page.getByLabel(/Source \(\.prompt\), based on v1/);
    await editor.fill(((await editor.inputValue()) ?? '').replace('Answer briefly', 'Answer kindly and briefly'));
    await page.getByLabel('What changed (optional)').fill('kinder');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Saved as version 2.').waitFor();

    // The diff of v1 and v2 shows the changed line on both sides.
    const diff = page.getByRole('region', { name: 'Differences between v1 and v2' });
    await diff.waitFor();
    assert.match((await diff.textContent()) ?? '', /1 changed line/);
    assert.match((await diff.locator('td.del').first().textContent()) ?? '', /Answer briefly/);
    assert.match((await diff.locator('td.ins').first().textContent()) ?? '', /Answer kindly and briefly/);

    await page.getByLabel('Label', { exact: true }).fill('production');
    await page.getByLabel('Version', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Move label' }).click();
    await page.getByText(/production\s*→ v2/).waitFor();
    // Run v2 from the form made of its variables: the answer streams in, then tokens, cost and latency.
    await page.getByLabel('question', { exact: true }).fill('What is PromptStack?');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByLabel('Answer')
      .getByText(/Echo: .*What is PromptStack\?/)
      .waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /tokens in/ })
      .waitFor();
    const request = provider.requests.at(-1)!;
    assert.equal(request.api, 'openai');
    assert.equal(request.stream, true);
    assert.match(JSON.stringify(request.body.messages), /Answer kindly and briefly: What is PromptStack\?/);
    // The recorded run appears in the list, and a rating sticks.
    const runs = page.getByRole('region', { name: 'Recent runs' });
    await runs.getByText('Success').waitFor();
    const saved = page.waitForResponse((r) => r.url().includes('runs.rate') && r.ok());
    await runs.getByLabel('Rating').selectOption('5');
    await saved;
    assert.equal(await runs.getByLabel('Rating').inputValue(), '5');
    // Stored: the API answers the run with its rating.
    const stored = (await (await page.request.get(`/api/prompts/${page.url().split('/prompts/')[1]!.split('?')[0]}/test`)).json()) as {
      items: Array<{ rating: number | null }>;
    };
    assert.equal(stored.items[0]!.rating, 5);
    await assertAccessible(page, 'the prompt page');
    await shot(page, 'web-prompt');

    // The same page at phone width keeps every control reachable (no horizontal page scroll).
    await assertFitsPhone(page, 'the prompt page');

    // Analytics count the run: the dashboard, the spend chart and the tables by model.
    await page.goto('/');
    await page.getByRole('listitem').getByRole('link').first().click();
    await page.getByRole('link', { name: /Analytics/ }).click();
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    const tiles = page.locator('.tiles');
    await tiles.getByText('Runs').waitFor();
    assert.match((await tiles.textContent()) ?? '', /Runs1Success rate100\.0%/);
    await page.getByRole('img', { name: /Spend by day over the last 30 days/ }).waitFor();
    const byModel = page.getByRole('region', { name: 'Spend by model' });
    assert.match((await byModel.textContent()) ?? '', /openai\/gpt-4o-mini\s*1/);
    await page.getByRole('region', { name: /Performance by model/ }).waitFor();
    await assertAccessible(page, 'the analytics page');
    await shot(page, 'web-analytics');
    await context.close();
  });

  it('shows a Viewer the prompt with no live write controls', async () => {
    // Ada (from the first test) invites Bob as a Viewer through the API; Bob accepts in his session.
    const { context, page } = await newPage();
    await signUp(page, 'Bob', 'bob@example.com');
    const ada = await browser.newContext({ baseURL: backend.url });
    const adaApi = ada.request;
    const signin = await adaApi.post('/api/auth/signin', { data: { email: 'ada@example.com', password: 'correct horse battery staple' } });
    assert.equal(signin.status(), 200);
    const workspaces = (await (await adaApi.get('/api/workspaces')).json()) as Array<{ id: string; personal: boolean }>;
    const workspace = workspaces.find((w) => w.personal)!;
    const invite = await adaApi.post(`/api/workspaces/${workspace.id}/members`, { data: { email: 'bob@example.com', role: 'VIEWER' } });
    assert.equal(invite.status(), 201);
    const { invitation } = (await invite.json()) as { invitation: { id: string } };
    assert.equal((await page.request.post(`/api/invitations/${invitation.id}/accept`)).status(), 200);
    const projects = (await (await adaApi.get(`/api/projects?workspaceId=${workspace.id}`)).json()) as Array<{ id: string }>;
    const prompts = (await (await adaApi.get(`/api/prompts?projectId=${projects[0]!.id}`)).json()) as { items: Array<{ id: string }> };
    await ada.close();

    await page.goto(`/prompts/${prompts.items[0]!.id}`);
    await page.getByRole('heading', { name: 'support-reply' }).waitFor();
    await page.getByLabel(/Source of version 2/).waitFor();
    assert.equal(await page.getByText('Edit and save a new version').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Move label' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Run', exact: true }).count(), 0);
    // Ada's run is there to read, with no rating control.
    await page.getByRole('region', { name: 'Recent runs' }).getByText('Success').waitFor();
    assert.equal(await page.getByLabel('Rating').count(), 0);
    await page.goto(`/workspaces/${workspace.id}`);
    await page.getByText('Your role: Viewer').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create project' }).count(), 0);
    await assertAccessible(page, 'the workspace page as a Viewer');
    await context.close();
  });

  it('runs an A/B test to its verdict, picks the winner, and runs a dataset with assertions', async () => {
    // v3 of Ada's prompt on another model; the local provider refuses every call to v2's model, so
    // the verdict on success rate does not depend on timing.
    provider.setScript({ 'gpt-4o-mini': { failureRate: 1, failWith: { status: 400, message: 'scripted refusal' } }, '*': {} });
    const { context, page } = await newPage();
    const signin = await page.request.post('/api/auth/signin', { data: { email: 'ada@example.com', password: 'correct horse battery staple' } });
    assert.equal(signin.status(), 200);
    const workspaces = (await (await page.request.get('/api/workspaces')).json()) as Array<{ id: string; personal: boolean }>;
    const projects = (await (await page.request.get(`/api/projects?workspaceId=${workspaces.find((w) => w.personal)!.id}`)).json()) as Array<{ id: string }>;
    const projectId = projects[0]!.id;
    const prompts = (await (await page.request.get(`/api/prompts?projectId=${projectId}`)).json()) as { items: Array<{ id: string }> };
    const promptId = prompts.items[0]!.id;
    const v2 = (await (await page.request.get(`/api/prompts/${promptId}/versions/2`)).json()) as { source: string };
    const upload = await page.request.post(`/api/prompts/${promptId}/versions`, {
      data: { source: v2.source.replace('openai/gpt-4o-mini', 'openai/gpt-4o'), baseVersion: 2 },
    });
    assert.equal(upload.status(), 201);

    await page.goto(`/projects/${projectId}`);
    await page.getByText('New A/B test').click();
    await page.getByLabel('Test name').fill('Faster model');
    await page.getByLabel('Version A').selectOption('2');
    await page.getByLabel('Version B').selectOption('3');
    await page.getByLabel('Runs per input').fill('2');
    const inputs = Array.from({ length: 8 }, (_, i) => JSON.stringify({ question: `Question ${i + 1}?` })).join('\n');
    await page.getByLabel('Inputs, one JSON object per line').fill(inputs);
    await page.getByRole('button', { name: 'Start A/B test' }).click();
    await page.getByRole('heading', { name: 'Faster model' }).waitFor();
    // Progress is polled until the test completes.
    await page.getByText(/Status: completed/).waitFor({ timeout: 150_000 });
    assert.match((await page.locator('label.progress').textContent()) ?? '', /32 of 32 runs/);
    const byMetric = page.getByRole('region', { name: 'Comparisons by metric' });
    await byMetric.waitFor();
    const rows = await byMetric.locator('tbody tr').allTextContents();
    const successRate = rows.find((row) => row.startsWith('Success rate')) ?? '';
    assert.match(successRate, /A: 0\.0%B: 100\.0%\+100\.0 pts/, rows.join('\n'));
    assert.match(successRate, /\+\d+\.\d pts to \+100\.0 pts/, rows.join('\n'));
    assert.match(successRate, /B is better/, rows.join('\n'));
    await page
      .getByText(/B is (better|more reliable)/)
      .first()
      .waitFor();
    await assertAccessible(page, 'the A/B test page');
    await shot(page, 'web-abtest');

    await page.getByRole('button', { name: 'Choose B' }).click();
    await page.getByText('Winner chosen.').waitFor();
    const labels = (await (await page.request.get(`/api/prompts/${promptId}`)).json()) as { labels: Array<{ name: string; versionNumber: number }> };
    assert.deepEqual(
      labels.labels.find((l) => l.name === 'production'),
      { ...labels.labels.find((l) => l.name === 'production'), versionNumber: 3 },
    );

    // A dataset: two cases imported as CSV, one whose assertion cannot hold.
    await page.goto(`/projects/${projectId}`);
    await page.getByLabel('New dataset name').fill('smoke');
    await page.getByRole('button', { name: 'Create dataset' }).click();
    await page.getByText('smoke').click();
    await page.getByLabel('Cases to add').fill('question,assert:contains\nhello there,Echo\nbye now,Not in the answer');
    await page.getByRole('button', { name: 'Import cases' }).click();
    await page.getByText('Imported 2 cases.').waitFor();
    await page.getByRole('button', { name: 'Run the dataset' }).click();
    await page.getByText(/1 of 2 passed/).waitFor({ timeout: 60_000 });
    assert.match((await page.getByText(/^Case 1: /).textContent()) ?? '', /Case 1: passed/);
    const second = (await page.getByText(/^Case 2: /).textContent()) ?? '';
    assert.doesNotMatch(second, /passed/);
    assert.match(second, /does not contain 'Not in the answer'/);
    await assertAccessible(page, 'the project page with datasets');
    await context.close();
  });

  it('answers an unknown page with the app and an API miss with JSON', async () => {
    const page = await fetch(`${backend.url}/no/such/page`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const api = await fetch(`${backend.url}/api/no-such-route`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /application\/json/);
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, 'index.html names its hashed script');
    const script = await fetch(`${backend.url}${asset}`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(`${backend.url}/assets/missing-file.js`)).status, 404);
  });

  it('broke no Content-Security-Policy rule on any page', () => {
    assert.deepEqual(pages.cspErrors, []);
  });
});
