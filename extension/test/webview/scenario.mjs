// What the webview test checks, in order (each step builds on the last): a run streaming into the
// run results page, its figures, rating with feedback, comparing with an earlier run, state kept
// across hide/show, then an A/B test's verdict and "Choose winner", a workspace's analytics page
// over runs recorded on the backend the driver started, and last a live experiment's page. The extension host does the
// commands (hostIndex.ts, through `host.call`); these steps read and click the pages themselves.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  assertWithinWidth,
  clickTab,
  narrowWebview,
  painted,
  texts,
  UI_TIMEOUT_MS,
  visibleWebview,
  waitForNoVisibleWebview,
  waitForText,
} from './webviewPage.mjs';

/** The fixture prompt and the inputs of its two runs. */
const PROMPT_FILE = 'support-reply.prompt';
const EARLIER_INPUT = { customer: 'Grace', issue: 'The dashboard has been down since 9am.' };
const INPUT = { customer: 'Ada', issue: 'I was charged twice this month.' };
const FEEDBACK = 'Clear and kind; name the refund timeline next time.';
/** A side panel's usual width, where buttons used to end up past the right edge. */
const NARROW_PX = 350;
/** What the structured prompt's model answers (hostIndex.ts, TRIAGE_ANSWER). */
const TRIAGE_ANSWER = { category: 'billing', urgent: true, customer: { name: 'Ada', plan: 'Team' }, tags: ['refund', 'charged twice'] };

/** The page's own number formats (src/webviews/shared/dom.ts), restated to check what it shows. */
const usd = (value) => (value === 0 ? '$0' : value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`);
const ms = (value) => (value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);
/** The analytics page's (src/webviews/analytics/main.ts). */
const percent = (value) => (value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`);
const latency = (value) => (value === null ? 'n/a' : ms(value));

/**
 * The steps as `{ title, run }`; `run()` throws on a failed check. `shots` is where the PNGs go
 * (undefined skips them); `backendReady` settles once the backend the analytics step uses listens.
 */
export function webviewSteps({ page, host, shots, backendReady }) {
  /** Carried from step to step. */
  const seen = {};
  const runPage = () => visibleWebview(page);
  const screenshot = async (name) => {
    if (shots) await page.screenshot({ path: join(shots, name) });
  };

  return [
    {
      title: 'offers "Sign in with PromptStack" in the Accounts menu before the first sign-in',
      run: async () => {
        const accounts = page.locator('.activitybar').getByRole('button', { name: /^Accounts/ });
        const entry = page.locator('.monaco-menu .action-item').filter({ hasText: /Sign in with PromptStack/ });
        // The extension asks for its menu entry once its stored sessions are read; the menu lists
        // what was asked when it opens, so reopen it until the entry is there.
        for (let attempt = 1; ; attempt++) {
          await accounts.click({ timeout: UI_TIMEOUT_MS });
          try {
            await entry.first().waitFor({ timeout: 3_000 });
            break;
          } catch (error) {
            await page.keyboard.press('Escape');
            if (attempt === 5) throw error;
          }
        }
        assert.match(await entry.first().innerText(), /Sign in with PromptStack to use PromptStack/);
        await page.keyboard.press('Escape');
      },
    },
    {
      title: 'streams the run output into the results page while the run is going',
      run: async () => {
        await host.call('setup');
        seen.earlier = await host.call('run', { input: EARLIER_INPUT });
        // The second run is watched as it streams: the live section shows a part of the answer.
        const running = host.call('run', { input: INPUT });
        const live = await waitForText(runPage().locator('[data-testid="live-output"]'), /^Hi Ada/);
        seen.run = await running;
        assert.equal(seen.run.status, 'success', JSON.stringify(seen.run.error));
        assert.ok(seen.run.output.startsWith(live), `what streamed (${JSON.stringify(live)}) is the start of the output`);
        assert.ok(live.length < seen.run.output.length, `seen before the whole answer had arrived (${live.length} of ${seen.run.output.length} characters)`);
      },
    },
    {
      title: "shows the finished run's output, tokens, cost, latency and model",
      run: async () => {
        const section = runPage().locator(`[data-run="${seen.run.runId}"]`);
        await waitForText(section.locator('[data-testid="output"]'), seen.run.output);
        const metrics = (await section.locator('.metrics').innerText()).replace(/\s+/g, ' ');
        assert.match(metrics, new RegExp(`Model ${seen.run.model}`));
        assert.ok(metrics.includes(`Tokens ${seen.run.inputTokens} in / ${seen.run.outputTokens} out`), metrics);
        assert.ok(seen.run.priced && seen.run.costUsd > 0, 'priced from the catalog');
        assert.ok(metrics.includes(`Cost ${usd(seen.run.costUsd)}`), metrics);
        assert.ok(metrics.includes(`Latency ${ms(seen.run.latencyMs)}`), metrics);
        assert.ok(metrics.includes('Via local'), metrics);
        assert.equal(await runPage().locator('[data-testid="live"]').count(), 0, 'the live section is gone once finished');
      },
    },
    {
      title: 'sends a rating with feedback to the extension and shows the run as rated',
      run: async () => {
        const section = runPage().locator(`[data-run="${seen.run.runId}"]`);
        await section.locator('vscode-textarea textarea').fill(FEEDBACK);
        await section.locator('vscode-button[title="Rate 4 of 5"]').click();
        const received = await host.call('request', { panel: 'runResults', type: 'rate' });
        assert.deepEqual(received.request, { type: 'rate', runId: seen.run.runId, rating: 4, feedback: FEEDBACK });
        // The extension stored it and posted the history back; the page re-rendered from it.
        await waitForText(section.locator('h3'), /rated 4\/5/);
        assert.equal(await section.locator('vscode-button[title="Rate 4 of 5"]').getAttribute('secondary'), null, 'the chosen rating is the primary button');
        await painted(runPage());
        await screenshot('run-results.png');
      },
    },
    {
      title: 'compares the run with an earlier run of the same file side by side',
      run: async () => {
        // The only earlier run is the first one; its row holds the one Compare button.
        const compare = runPage().locator('tr vscode-button', { hasText: 'Compare' });
        assert.equal(await compare.count(), 1, 'one earlier run listed');
        await compare.click();
        const sideBySide = runPage().locator('div[style*="grid-template-columns"]');
        await sideBySide.waitFor();
        const [current, earlier] = await texts(sideBySide.locator('pre'));
        assert.equal(current, seen.run.output);
        assert.equal(earlier, seen.earlier.output);
        assert.deepEqual(
          (await texts(sideBySide.locator('h3'))).map((t) => t.replace(/\(.*\)/, '()')),
          ['This run', 'Earlier ()'],
        );
      },
    },
    {
      title: 'keeps the page state (rating, feedback, compare view) when the hidden panel is shown again',
      run: async () => {
        const readyBefore = await host.call('count', { panel: 'runResults', type: 'ready' });
        // Another editor in the panel's group hides it; VS Code unloads a hidden page.
        await host.call('open', { file: 'support-reply.tests.yaml', column: 2 });
        await waitForNoVisibleWebview(page);
        await clickTab(page, `Run: ${PROMPT_FILE}`);
        // A fresh page said ready again, so what follows was restored, not kept alive.
        await host.call('request', { panel: 'runResults', type: 'ready', nth: readyBefore + 1 });
        const section = runPage().locator(`[data-run="${seen.run.runId}"]`);
        await waitForText(section.locator('[data-testid="output"]'), seen.run.output);
        await waitForText(section.locator('h3'), /rated 4\/5/);
        assert.equal(await section.locator('vscode-textarea textarea').inputValue(), FEEDBACK);
        // Which earlier run is compared lives only in the page's saved state (setState).
        const [, earlier] = await texts(runPage().locator('div[style*="grid-template-columns"] pre'));
        assert.equal(earlier, seen.earlier.output, 'the compare view is still open');
      },
    },
    {
      title: `keeps the earlier runs' Compare buttons and the rating buttons on screen in a ${NARROW_PX} px panel`,
      run: async () => {
        const restore = await narrowWebview(page, NARROW_PX);
        try {
          // The compare view is still open from the step before, so the one button reads Hide.
          await assertWithinWidth(runPage().locator('tr[data-run-row] vscode-button'), 'Compare button');
          await assertWithinWidth(runPage().locator(`[data-run="${seen.run.runId}"] vscode-button[title^="Rate"]`), 'rating button');
          await assertWithinWidth(runPage().locator('vscode-button', { hasText: 'Run again' }), 'Run again button');
          // Each earlier run is one card, its figures labelled on their own lines.
          const cells = await runPage()
            .locator('tr[data-run-row] td[data-label]')
            .evaluateAll((tds) => tds.map((td) => `${globalThis.getComputedStyle(td, '::before').content} ${globalThis.getComputedStyle(td).display}`));
          assert.deepEqual(cells.slice(0, 2), ['"When: " block', '"Model: " block']);
        } finally {
          await restore();
        }
      },
    },
    {
      title: 'says what failed on a run that never reached the provider: no rating, no cost',
      run: async () => {
        // `issue` is required and missing: the run stops before any provider call.
        const failed = await host.call('run', { input: { customer: 'Ada' } });
        assert.equal(failed.status, 'error');
        const section = runPage().locator(`[data-run="${failed.runId}"]`);
        await waitForText(section.locator('[data-testid="error"]'), failed.error.message);
        assert.match(failed.error.message, /issue/);
        assert.match(await section.locator('h2').innerText(), /^Run failed/);
        const metrics = (await section.locator('.metrics').innerText()).replace(/\s+/g, ' ');
        assert.ok(metrics.includes('Cost none (no call made)'), metrics);
        assert.doesNotMatch(metrics, /unpriced/);
        assert.equal(await section.locator('h3', { hasText: 'Rate this run' }).count(), 0, 'a failed run offers no rating');
      },
    },
    {
      title: 'shows a JSON answer as a tree: its keys, nested values, and folding',
      run: async () => {
        const run = await host.call('runJson', { input: { ticket: 'I was charged twice this month and need a refund.' } });
        assert.equal(run.status, 'success', JSON.stringify(run.error));
        assert.deepEqual(run.outputJson, TRIAGE_ANSWER);
        const tree = runPage().locator(`[data-run="${run.runId}"] [data-testid="output-json"]`);
        await tree.waitFor({ timeout: 20_000 });
        const root = tree.locator(':scope > details.json-node');
        assert.equal(await root.getAttribute('open'), '', 'the top level is open');
        assert.equal((await root.locator(':scope > summary').innerText()).replace(/\s+/g, ' ').trim(), 'answer {4}');
        const leaves = root.locator(':scope > div > .json-leaf');
        assert.deepEqual(await texts(leaves), ['category: "billing"', 'urgent: true']);
        assert.deepEqual(await leaves.locator('span:not(.json-key)').evaluateAll((els) => els.map((e) => e.className)), ['json-string', 'json-boolean']);
        // Nested values start folded: their summaries show what they hold, their leaves are hidden.
        const [customer, tags] = [0, 1].map((i) => root.locator(':scope > div > details.json-node').nth(i));
        assert.equal((await customer.locator(':scope > summary').innerText()).replace(/\s+/g, ' ').trim(), 'customer {2}');
        assert.equal((await tags.locator(':scope > summary').innerText()).replace(/\s+/g, ' ').trim(), 'tags [2]');
        const name = customer.locator('.json-leaf', { hasText: 'name:' });
        assert.equal(await name.isVisible(), false, 'a folded object hides its fields');
        // A click unfolds it and shows the nested values; a second click folds it again.
        await customer.locator(':scope > summary').click();
        await name.waitFor({ state: 'visible' });
        assert.deepEqual(await texts(customer.locator('.json-leaf')), ['name: "Ada"', 'plan: "Team"']);
        await tags.locator(':scope > summary').click();
        await tags.locator('.json-leaf').first().waitFor({ state: 'visible' });
        assert.deepEqual(await texts(tags.locator('.json-leaf')), ['0: "refund"', '1: "charged twice"']);
        await customer.locator(':scope > summary').click();
        await name.waitFor({ state: 'hidden' });
        assert.equal(await customer.getAttribute('open'), null);
        assert.equal(await tags.getAttribute('open'), '', 'folding one node leaves the others as they were');
        assert.equal(await runPage().locator(`[data-run="${run.runId}"] [data-testid="schema-valid"]`).innerText(), 'matches output.schema');
      },
    },
    {
      title: 'shows the A/B verdict with confidence intervals, per-variant metrics and the charts',
      run: async () => {
        // From the prompt's editor, so the A/B panel opens beside it, over the run panel; without
        // the side bar, so the tables and charts get the width.
        await host.call('open', { file: PROMPT_FILE, column: 1 });
        await host.call('command', { id: 'workbench.action.closeSidebar' });
        seen.ab = await host.call('abTest', { model: 'openai/gpt-4o', runs: 10, metric: 'latency' }, 60_000);
        const ab = visibleWebview(page);
        await waitForText(ab.locator('[data-testid="recommendation"]'), seen.ab.recommendation);
        assert.match(seen.ab.recommendation, /^A is the better variant on latency/);
        const heading = await ab.locator('h2').innerText();
        assert.equal(heading, `A/B test: A = ${PROMPT_FILE} (openai/gpt-4o-mini) vs B = openai/gpt-4o`);
        for (const variant of seen.ab.variants) {
          const cells = await texts(ab.locator(`tr[data-variant="${variant.id}"] td`));
          const runs = variant.successes + variant.failures;
          assert.equal(cells[1], String(runs), `${variant.id}: runs`);
          assert.equal(cells[2], `${Math.round((100 * variant.successes) / runs)}%`, `${variant.id}: success`);
        }
        const latency = seen.ab.comparisons.find((c) => c.metric === 'latency');
        assert.ok(latency?.ci, 'a latency comparison with an interval');
        const verdicts = await texts(ab.locator('section li'));
        const latencyLine = verdicts.find((line) => line.startsWith('Latency: '));
        // The summary carries the interval in the metric's unit; the line prints it once, nothing more.
        assert.equal(latencyLine, `Latency: ${latency.summary}`);
        for (const line of verdicts) assert.doesNotMatch(line, /^(successRate|latency|cost|rating):/, `a human metric name, not a key: ${line}`);
        assert.equal((latencyLine.match(/CI/g) ?? []).length, 1, `one confidence interval on the line: ${latencyLine}`);
        assert.deepEqual(await texts(ab.locator('section h3')), ['Verdict', 'Latency (ms)', 'Cost (USD)']);
        assert.equal(await ab.locator('canvas').count(), 2, 'a latency and a cost chart');
        await painted(ab);
        await screenshot('ab-results.png');
      },
    },
    {
      title: `keeps the A/B page's Choose winner buttons on screen in a ${NARROW_PX} px panel`,
      run: async () => {
        const restore = await narrowWebview(page, NARROW_PX);
        try {
          await assertWithinWidth(visibleWebview(page).locator('tr[data-variant] vscode-button', { hasText: 'Choose winner' }), 'Choose winner button');
        } finally {
          await restore();
        }
      },
    },
    {
      title: 'records the variant picked with "Choose winner" and marks it on the page',
      run: async () => {
        const ab = visibleWebview(page);
        await ab.locator('tr[data-variant="A"] vscode-button', { hasText: 'Choose winner' }).click();
        const received = await host.call('request', { panel: 'abResults', type: 'chooseWinner' });
        assert.deepEqual(received.request, { type: 'chooseWinner', testId: seen.ab.testId, variant: 'A' });
        const chosen = await host.call('posted', { panel: 'abResults', type: 'winnerChosen' });
        assert.deepEqual(chosen.message, { type: 'winnerChosen', testId: seen.ab.testId, variant: 'A', where: 'local' });
        await waitForText(ab.locator('tr[data-variant="A"] vscode-badge'), /^winner$/);
        assert.equal(await ab.locator('tr[data-variant="B"] vscode-button', { hasText: 'Choose winner' }).count(), 1, 'B can still be chosen');
      },
    },
    {
      title: "shows a workspace's runs, spend, success rate and latency, with its charts, on the analytics page",
      run: async () => {
        await backendReady;
        // Alone on screen: the analytics panel is then the one visible webview, with the whole width.
        await host.call('command', { id: 'workbench.action.closeAllEditors' });
        const data = await host.call('analytics', {}, 60_000);
        assert.ok(data, 'the analytics loaded');
        assert.equal(data.dashboard.runs, 8, 'the eight recorded runs are counted');
        const analytics = visibleWebview(page);
        const summary = (await waitForText(analytics.locator('[data-testid="summary"]'), new RegExp(`Runs ${data.dashboard.runs}(?!\\d)`))).replace(
          /\s+/g,
          ' ',
        );
        assert.ok(data.dashboard.spendUsd > 0, 'the runs were priced');
        assert.ok(data.dashboard.judgeSpendUsd > 0, "the graded run's judge call was priced");
        for (const shown of [
          `Spend ${usd(data.dashboard.spendUsd)}`,
          `Judge spend ${usd(data.dashboard.judgeSpendUsd)}`,
          `Success rate ${percent(data.dashboard.successRate)}`,
          `Latency p50 ${latency(data.dashboard.latency.p50Ms)}`,
          `p95 ${latency(data.dashboard.latency.p95Ms)}`,
          `Tokens ${data.dashboard.inputTokens} in / ${data.dashboard.outputTokens} out`,
        ])
          assert.ok(summary.includes(shown), `${shown} in: ${summary}`);
        assert.equal(await analytics.locator('h2').innerText(), `Analytics: ${data.workspace.name}`);
        assert.deepEqual(data.performanceByModel.map((m) => m.model).sort(), ['openai/gpt-4o', 'openai/gpt-4o-mini']);
        for (const model of data.performanceByModel) {
          const cells = await texts(analytics.locator(`tr[data-model="${model.model}"] td`));
          assert.deepEqual(
            cells,
            [model.model, String(model.runs), percent(model.successRate), latency(model.p50Ms), latency(model.p95Ms)],
            `${model.model}'s row`,
          );
        }
        assert.equal(await analytics.locator('canvas').count(), 2, 'spend over time and spend by model');
        // The period buttons ask the extension for another period; today's runs are in the last 7 days too.
        const period = analytics.locator('section p.muted').first();
        const month = await period.innerText();
        await analytics.locator('vscode-button', { hasText: '7 days' }).click();
        const refresh = await host.call('request', { panel: 'analytics', type: 'refresh' });
        assert.deepEqual(refresh.request, { type: 'refresh', days: 7, source: 'test' });
        // The period line changes only when the new figures arrive (loading keeps the old ones).
        await analytics.locator('section p.muted').filter({ hasNotText: month }).first().waitFor();
        await analytics.locator('vscode-progress-ring').waitFor({ state: 'detached' });
        await analytics.locator('vscode-button:not([secondary])', { hasText: '7 days' }).waitFor();
        await waitForText(analytics.locator('[data-testid="summary"]'), new RegExp(`Runs ${data.dashboard.runs}(?!\\d)`));
        await host.call('command', { id: 'notifications.clearAll' });
        await painted(analytics);
        await screenshot('analytics.png');
        // The switch asks for production generations over the same period; none were logged here.
        await analytics.locator('vscode-button', { hasText: 'Production' }).click();
        const production = await host.call('request', { panel: 'analytics', type: 'refresh', nth: 2 });
        assert.deepEqual(production.request, { type: 'refresh', days: 7, source: 'production' });
        await analytics.locator('vscode-button:not([secondary])', { hasText: 'Production' }).waitFor();
        await analytics.locator('vscode-progress-ring').waitFor({ state: 'detached' });
        await waitForText(analytics.locator('[data-testid="summary"]'), /Runs 0(?!\d)/);
      },
    },
    {
      title:
        'shows a live experiment: arms, both tests side by side, the confidence sequence over time, no Stop or Promote for a Member, and Stop after confirmation',
      run: async () => {
        await host.call('command', { id: 'workbench.action.closeAllEditors' });
        const data = await host.call('experiment', {}, 60_000);
        assert.ok(data, 'the experiment loaded');
        assert.deepEqual(data.may, { stop: true, promote: true }, "the workspace's Admin may stop and promote");
        const experiment = visibleWebview(page);
        await waitForText(experiment.locator('h2'), 'Live experiment: support-reply on production');
        assert.equal(await experiment.locator('[data-testid="status"]').innerText(), 'running');
        for (const arm of data.results.arms) {
          const cells = await texts(experiment.locator(`tr[data-version="${arm.versionNumber}"] td`));
          assert.equal(cells[0], `v${arm.versionNumber}${arm.isControl ? ' (control)' : ''}`);
          assert.equal(cells[1], `${arm.isControl ? 90 : 10}% (${arm.generations} calls, 0.0% errors)`);
          assert.equal(cells[5], `Promote v${arm.versionNumber}`);
        }
        // Latency: the always-valid interval and the fixed-horizon one, both read, side by side.
        const latency = await texts(experiment.locator('tr[data-comparison="v2 latencyMs"] td'));
        assert.match(latency[3], /^-\d+ ms to -\d+ ms \(95%\)$/, `always-valid interval: ${latency[3]}`);
        assert.match(latency[5], /^-\d+ ms to -\d+ ms \(95%\), welch-t$/, `fixed-horizon interval: ${latency[5]}`);
        assert.equal(latency[7], 'better');
        const chart = experiment.locator('canvas[data-testid="confidence-sequence"]');
        assert.equal(await chart.getAttribute('data-looks'), '3', 'one look per read with more data');
        assert.ok((await chart.boundingBox()).height > 50, 'the chart is drawn');
        await host.call('command', { id: 'notifications.clearAll' });
        await painted(experiment);
        await screenshot('experiment.png');

        // Stop and Promote move protected production: a Member's page offers neither, the Admin's both again.
        const asMember = await host.call('experimentAs', { role: 'member' });
        assert.deepEqual(asMember.may, { stop: false, promote: false });
        // The page re-renders with the Member's data: Stop goes, and Promote with it.
        await experiment.locator('[data-testid="stop"]').waitFor({ state: 'detached' });
        assert.equal(await experiment.locator('vscode-button', { hasText: 'Promote' }).count(), 0, 'no Promote for a Member');
        const asAdmin = await host.call('experimentAs', { role: 'admin' });
        assert.deepEqual(asAdmin.may, { stop: true, promote: true });
        await experiment.locator('[data-testid="stop"]').waitFor();

        // Stop asks first; only then does the label go back to the control.
        await host.call('confirmNext', { button: 'Stop Experiment' });
        await experiment.locator('[data-testid="stop"]').click();
        await host.call('request', { panel: 'experiment', type: 'stop' });
        assert.equal(await host.call('question'), 'Stop the experiment on production? [Stop Experiment]');
        await waitForText(experiment.locator('[data-testid="done"]'), 'Stopped: production points at v1 alone again.');
        await waitForText(experiment.locator('[data-testid="status"]'), 'stopped (stopped)');
        assert.equal(await experiment.locator('[data-testid="stop"]').count(), 0, 'no Stop on an ended experiment');
        assert.equal(await experiment.locator('vscode-button', { hasText: 'Promote' }).count(), 0, 'no Promote on an ended experiment');
      },
    },
  ];
}
