/**
 * Label governance and live experiments in a real browser against the real backend (`node
 * server/dist/main.js` on a fresh embedded database, with the users and the prompt of
 * support/governanceWorld.ts): a Member's request for a protected label approved by an Admin, the
 * history and a rollback; a split started from the prompt's page, generations logged through the
 * API with a key, the experiment's verdict, chart and promotion (neither Stop nor Promote for a
 * Member on a protected label); a Member's split request whose approval starts the experiment.
 * Every page is checked with axe-core, and none may break its Content-Security-Policy.
 */
import assert from 'node:assert/strict';
import { assertFitsPhone, shot, signIn } from './support/app.ts';
import { assertAccessible } from './support/browser.ts';
import { governanceWorld, json, type GovernanceWorld } from './support/governanceWorld.ts';

describe('web app: label governance and live experiments (Chromium against npm start)', function () {
  this.timeout(300_000);
  let world: GovernanceWorld;

  before(async () => (world = await governanceWorld()));
  after(() => world?.close());

  /** A page of `email`, signed in, on the prompt's page with its split form opened. */
  async function openSplitForm(email: string) {
    const session = await world.pages.open();
    await signIn(session.page.request, email);
    await session.page.goto(`/prompts/${world.promptId}`);
    await session.page.getByText('Start a live experiment (split a label)').click();
    return { session, split: session.page.getByRole('form', { name: 'Split a label' }) };
  }

  it('lets a Member ask for a protected label, an Admin approve it (not their own), and roll it back', async () => {
    const ada = await world.pages.open();
    await signIn(ada.page.request, 'ada@example.com');
    const api = ada.page.request;
    const carol = await world.pages.open();
    await signIn(carol.page.request, 'carol@example.com');

    // Carol cannot move production: the form asks for the move instead, with a reason.
    await carol.page.goto(`/prompts/${world.promptId}`);
    await carol.page.getByRole('heading', { name: 'greet' }).waitFor();
    const labels = carol.page.getByRole('region', { name: 'Labels' });
    await labels.getByText(/production\s*→ v1\s*protected/).waitFor();
    await carol.page.getByLabel('Version', { exact: true }).fill('2');
    await carol.page.getByLabel('Reason for the Admin').fill('friendlier greeting');
    assert.equal(await carol.page.getByRole('button', { name: 'Move label', exact: true }).count(), 0);
    // Nor split it: the split form asks for the split instead of starting the experiment.
    await carol.page.getByText('Start a live experiment (split a label)').click();
    await carol.page.getByText(/is protected: only an Admin splits it/).waitFor();
    assert.equal(await carol.page.getByRole('button', { name: 'Start experiment' }).count(), 0);
    await carol.page.getByRole('button', { name: 'Ask for this split' }).waitFor();
    // By keyboard: the button follows the reason, and Enter sends the request.
    await carol.page.getByLabel('Reason for the Admin').press('Tab');
    assert.equal(await carol.page.evaluate(() => document.activeElement?.textContent), 'Ask to move label');
    await carol.page.keyboard.press('Enter');
    await carol.page.getByText('Request sent: it waits for an Admin below.').waitFor();
    const requests = carol.page.getByRole('region', { name: 'Label requests' });
    const carolsRequest = requests.getByRole('listitem', { name: 'Request: production → v2' });
    await carolsRequest.getByText('Waiting for an Admin.').waitFor();
    assert.match((await carolsRequest.textContent()) ?? '', /asked by Carol.*“friendlier greeting”/);
    assert.deepEqual(await carol.page.getByRole('button', { name: /Approve|Reject|Roll back/ }).allTextContents(), []);
    await assertAccessible(carol.page, 'the prompt page (Member, request sent)');

    // Ada asks too (for another label): her own request waits for another Admin.
    await json(api, 'post', `/api/prompts/${world.promptId}/label-requests`, { label: 'eu-prod', version: 2, reason: 'mine' });
    await ada.page.goto(`/prompts/${world.promptId}`);
    const adaRequests = ada.page.getByRole('region', { name: 'Label requests' });
    await adaRequests.getByRole('listitem', { name: 'Request: eu-prod → v2' }).getByText('Your own request: another Admin decides it.').waitFor();
    assert.equal(await adaRequests.getByRole('button', { name: 'Approve eu-prod → v2' }).count(), 0);
    await assertAccessible(ada.page, 'the prompt page (Admin, pending requests)');
    await shot(ada.page, 'web-label-requests');

    // Ada approves Carol's request: production moves, and the history says who, from, to, how and why.
    await adaRequests.getByLabel('Note to the requester (optional)').fill('looks good');
    await adaRequests.getByRole('button', { name: 'Approve production → v2' }).click();
    await adaRequests.getByRole('listitem', { name: 'Request: production → v2' }).waitFor({ state: 'detached' });
    await ada.page
      .getByRole('region', { name: 'Labels' })
      .getByText(/production\s*→ v2/)
      .waitFor();
    const history = ada.page.getByRole('region', { name: 'Label history' });
    const approved = history.getByRole('row').filter({ hasText: 'approved request' });
    await approved.waitFor();
    assert.match((await approved.textContent()) ?? '', /production.*v1v2approved requestfriendlier greeting/);
    const stored = await json<{ items: Array<{ status: string }> }>(api, 'get', `/api/prompts/${world.promptId}/label-requests?label=production`);
    assert.equal(stored.items[0]!.status, 'approved');

    // Rollback (asks first) puts production back on v1, as a new history entry.
    // By keyboard: Enter asks, focus lands on the answer, Enter confirms.
    await history.getByRole('button', { name: 'Roll back production' }).focus();
    await ada.page.keyboard.press('Enter');
    await history.getByRole('button', { name: 'Yes, roll back' }).waitFor();
    assert.equal(await ada.page.evaluate(() => document.activeElement?.textContent), 'Yes, roll back');
    await ada.page.keyboard.press('Enter');
    await history.getByRole('row').filter({ hasText: 'rollback' }).waitFor();
    await ada.page
      .getByRole('region', { name: 'Labels' })
      .getByText(/production\s*→ v1/)
      .waitFor();
    await assertAccessible(ada.page, 'the prompt page with the label history');
    await shot(ada.page, 'web-label-history');
    await assertFitsPhone(ada.page, 'the prompt page with governed labels');
    await ada.context.close();
    await carol.context.close();
  });

  it('starts a split from the prompt page and shows the experiment with data, its verdict and chart, then promotes an arm', async () => {
    const { session: ada, split } = await openSplitForm('ada@example.com');
    await split.getByLabel('Arm 1 weight').fill('50');
    await split.getByLabel('Arm 2 weight').fill('50');
    await split.getByText('Traffic: v2 50% · v1 50%').waitFor();
    await split.getByRole('button', { name: 'Start experiment' }).click();
    await ada.page.waitForURL(/\/experiments\//);
    const experimentId = ada.page.url().split('/experiments/')[1]!;
    await ada.page.getByRole('heading', { name: 'Experiment on production of greet' }).waitFor();
    await ada.page.getByText(/Not enough data yet: each arm needs 50 generations/).waitFor();
    await assertAccessible(ada.page, 'the experiment page before any generation');

    // An application logs generations through the API with a key: v2 answers 100 ms slower.
    const key = await json<{ key: string }>(ada.page.request, 'post', `/api/workspaces/${world.workspaceId}/api-keys`, {
      name: 'app',
      scopes: ['generations:write'],
    });
    const asApp = (path: string, body: unknown) =>
      fetch(`${world.backend.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (let batch = 0; batch < 3; batch++) {
      const generations = [1, 2].flatMap((version) =>
        Array.from({ length: 60 }, (_, i) => ({
          id: `gen-${batch}-${version}-${i}`,
          prompt: { name: 'greet', version, experimentId },
          model: 'openai/gpt-4o-mini',
          input: { name: `user ${i}` },
          output: 'Hello!',
          usage: { inputTokens: 10, outputTokens: 5 },
          latencyMs: (version === 1 ? 200 : 300) + ((i * 7) % 40),
          status: 'success',
          userId: `user-${i}`,
        })),
      );
      const logged = await asApp('/api/v1/generations', { generations });
      assert.equal(logged.status, 200, await logged.clone().text());
      assert.equal(((await logged.json()) as { accepted: number }).accepted, 120);
      // Each read of the results is a look; the chart draws one point per look.
      await json(ada.page.request, 'get', `/api/experiments/${experimentId}/results`);
    }
    for (const version of [1, 2]) {
      for (let i = 0; i < 3; i++) {
        const scored = await asApp('/api/v1/scores', { generationId: `gen-0-${version}-${i}`, name: 'helpful', value: version === 1 ? 3 : 4 });
        assert.equal(scored.status, 201, await scored.text());
      }
    }

    await ada.page.reload();
    const arms = ada.page.getByRole('region', { name: 'Arms' });
    await arms.getByRole('row', { name: /v1 \(control\)/ }).waitFor();
    assert.match((await arms.getByRole('row', { name: /v1 \(control\)/ }).textContent()) ?? '', /50 \(50%\)180.*helpful: 3\.00 \(n = 3\)/);
    assert.match((await arms.getByRole('row', { name: /^v2/ }).textContent()) ?? '', /50 \(50%\)180.*helpful: 4\.00 \(n = 3\)/);
    await ada.page.getByText(/v2 is worse than v1 on latency/).waitFor();
    const verdicts = ada.page.getByRole('region', { name: 'Verdicts by metric' });
    const latency = (await verdicts.getByRole('row', { name: /Latency/ }).textContent()) ?? '';
    assert.match(latency, /n = 180.*\+\d+ ms.*\+\d+ ms to \+\d+ ms.*< 0\.001Worse/);
    await ada.page.getByRole('img', { name: /Confidence sequence of v2, .* over 3 looks/ }).waitFor();
    await ada.page.getByLabel('Comparison shown').selectOption({ label: 'v2, Latency' });
    await ada.page.getByRole('img', { name: /Confidence sequence of v2, Latency over 3 looks; latest \+\d+ ms to \+\d+ ms/ }).waitFor();
    await ada.page.getByText('Stops when the mean latency is surely higher by more than').waitFor();
    // Thresholds read as sizes, not signed differences.
    const facts = (await ada.page.locator('dl.facts').textContent()) ?? '';
    assert.match(facts, /error rate is surely higher by more than0\.0 pts.*mean latency is surely higher by more than500 ms/);
    // Every generation cost the same: no spread, so no interval made of rounding (it read -$3.55e-14 to +$3.55e-14).
    const cost = (await verdicts.getByRole('row', { name: /Cost per generation/ }).textContent()) ?? '';
    assert.match(cost, /\$0\.00000450 \(n = 180\)±\$0\.00—/);
    assert.doesNotMatch(cost, /e-\d/);
    // Ada turns the latency guardrail off and asks for 40 generations per arm; the settings read back so.
    const guardrails = ada.page.getByRole('form', { name: 'Change the guardrails' });
    await guardrails.getByLabel('Generations per arm before any verdict').fill('40');
    await guardrails
      .getByRole('group', { name: /mean latency/ })
      .getByLabel('Off')
      .check();
    await guardrails.getByRole('button', { name: 'Save guardrails' }).click();
    await guardrails.getByRole('status').getByText('Saved: the next evaluation applies them.').waitFor();
    await ada.page.locator('dl.facts').getByText('40', { exact: true }).waitFor();
    assert.match((await ada.page.locator('dl.facts').textContent()) ?? '', /Stops when the mean latency is surely higher by more thanoff/);
    const stored = await json<{ settings: Record<string, unknown> }>(ada.page.request, 'get', `/api/experiments/${experimentId}`);
    assert.deepEqual(stored.settings, { minSamplePerArm: 40, maxErrorRateIncrease: 0, maxLatencyIncreaseMs: null });
    await assertAccessible(ada.page, 'the experiment page with results');
    await shot(ada.page, 'web-experiment');
    await assertFitsPhone(ada.page, 'the experiment page');

    // Carol (a Member) may neither stop it nor promote an arm: either moves the protected production label.
    const carol = await world.pages.open();
    await signIn(carol.page.request, 'carol@example.com');
    await carol.page.goto(`/experiments/${experimentId}`);
    await carol.page.getByText(/is protected: only an Admin stops the experiment or promotes an arm/).waitFor();
    assert.equal(await carol.page.getByRole('button', { name: /Stop experiment|Promote/ }).count(), 0);
    assert.equal(await carol.page.getByRole('form', { name: 'Change the guardrails' }).count(), 0);
    await assertAccessible(carol.page, 'the experiment page (Member, protected label)');
    await carol.context.close();

    // The experiment is listed on the prompt's page; Ada promotes v2 after confirming.
    await ada.page.goto(`/prompts/${world.promptId}`);
    await ada.page.getByRole('region', { name: 'Live experiments' }).getByRole('link', { name: 'production: v1 50% · v2 50%' }).click();
    await ada.page.getByRole('button', { name: 'Promote v2' }).click();
    await ada.page.getByRole('button', { name: 'Yes, promote v2' }).click();
    await ada.page.getByText(/Promoted v2 · started/).waitFor();
    assert.equal(await ada.page.getByRole('button', { name: /Stop experiment|Promote/ }).count(), 0);
    const labels = await json<{ labels: Array<{ name: string; versionNumber: number; split?: unknown }> }>(
      ada.page.request,
      'get',
      `/api/prompts/${world.promptId}`,
    );
    const production = labels.labels.find((l) => l.name === 'production')!;
    assert.deepEqual([production.versionNumber, production.split], [2, undefined]);
    await ada.context.close();
  });

  it("turns a Member's split of a protected label into a request, whose approval by an Admin starts the experiment", async () => {
    const { session: carol, split } = await openSplitForm('carol@example.com');
    await split.getByText('Traffic: v2 50% · v1 50%').waitFor();
    await split.getByLabel('Arm 2 weight').fill('150');
    await split.getByLabel('Why this split (for the Admin)').fill('try the old greeting on a quarter');
    await split.getByRole('button', { name: 'Ask for this split' }).click();
    await split.getByText('Request sent: it waits for an Admin under Label requests.').waitFor();
    // The pending request shows its arms with their shares and stickiness.
    const what = 'production → split v2 25% · v1 75%, sticky by userId';
    const request = carol.page.getByRole('region', { name: 'Label requests' }).getByRole('listitem', { name: `Request: ${what}` });
    await request.getByText('Waiting for an Admin.').waitFor();
    assert.match((await request.textContent()) ?? '', /asked by Carol.*“try the old greeting on a quarter”/);
    await assertAccessible(carol.page, 'the prompt page (Member, split requested)');
    const stored = await json<{ items: Array<{ target: unknown; status: string }> }>(
      carol.page.request,
      'get',
      `/api/prompts/${world.promptId}/label-requests?status=pending&label=production`,
    );
    assert.deepEqual(stored.items[0]!.target, {
      split: [
        { version: 2, weight: 50 },
        { version: 1, weight: 150 },
      ],
      stickyBy: 'userId',
    });

    // Ada approves: production splits, and its live experiment runs with the requested arms.
    const ada = await world.pages.open();
    await signIn(ada.page.request, 'ada@example.com');
    await ada.page.goto(`/prompts/${world.promptId}`);
    await ada.page.getByRole('button', { name: `Approve ${what}` }).click();
    await ada.page
      .getByRole('region', { name: 'Label requests' })
      .getByRole('listitem', { name: `Request: ${what}` })
      .waitFor({ state: 'detached' });
    await ada.page
      .getByRole('region', { name: 'Label history' })
      .getByRole('row')
      .filter({ hasText: 'try the old greeting' })
      .getByText('approved request')
      .waitFor();
    await ada.page.getByRole('region', { name: 'Live experiments' }).getByRole('link', { name: 'production: v1 75% · v2 25%' }).click();
    await ada.page.getByRole('heading', { name: 'Experiment on production of greet' }).waitFor();
    await ada.page.getByText(/^Running · started/).waitFor();
    const experimentId = ada.page.url().split('/experiments/')[1]!;
    const experiment = await json<{ status: string; arms: Array<{ version: number; weight: number }> }>(
      ada.page.request,
      'get',
      `/api/experiments/${experimentId}`,
    );
    assert.equal(experiment.status, 'RUNNING');
    assert.deepEqual(
      experiment.arms.map((arm) => [arm.version, arm.weight]).sort((x, y) => x[0]! - y[0]!),
      [
        [1, 150],
        [2, 50],
      ],
    );

    // Carol sees no Stop on it; Ada stops it.
    await carol.page.goto(`/experiments/${experimentId}`);
    await carol.page.getByText(/only an Admin stops the experiment/).waitFor();
    assert.equal(await carol.page.getByRole('button', { name: 'Stop experiment' }).count(), 0);
    await ada.page.getByRole('button', { name: 'Stop experiment' }).click();
    await ada.page.getByRole('button', { name: 'Yes, stop' }).click();
    await ada.page.getByText(/^Stopped/).waitFor();
    await carol.context.close();
    await ada.context.close();
  });

  it('broke no Content-Security-Policy rule on any page', () => {
    assert.deepEqual(world.pages.cspErrors, []);
  });
});
