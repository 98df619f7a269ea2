/**
 * The analytics webview of a workspace: after runs exist on the backend (two through the
 * extension, one failing through the API on another model), the figures posted to the page are
 * the analytics API's own for the same period.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalyticsData, AnalyticsPanelMessage, PostedWebviewMessage, RunView } from '../../src/webviews/protocol.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { collect } from './runTestHelpers.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string
---
Write one line about {{name}}.
`;

type AnalyticsMessage = Extract<PostedWebviewMessage, { panel: 'analytics' }>;
const isAnalytics =
  (type: AnalyticsPanelMessage['type']) =>
  (m: PostedWebviewMessage): m is AnalyticsMessage =>
    m.panel === 'analytics' && m.message.type === type;

describe("analytics webview: a workspace's spend, success rate and latency from the analytics API", function () {
  this.timeout(60_000);
  let world: BackendRunWorld;
  let promptId: string;

  before(async () => {
    world = await startBackendRunWorld('Analyst', { 'gpt-4o': { failureRate: 1, failWith: { status: 400, message: 'bad request' } }, 'gpt-4o-mini': {} });
    const linked = await linkNewPrompt(world, 'line.prompt', PROMPT, 'Line');
    promptId = linked.promptId;
    for (const name of ['Ada', 'Bob']) {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', linked.document.uri, { name });
      assert.equal(run?.target, 'backend');
      assert.equal(run?.status, 'success', JSON.stringify(run?.error));
    }
    const failed = await world.user.client.runs.test.mutate({ id: promptId, input: { name: 'Cy' }, model: 'openai/gpt-4o' });
    assert.equal(failed.status, 'error');
  });
  after(async () => {
    await world?.close();
  });

  it('posts the dashboard, spend by day and model, and latency by model exactly as the API answers them', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    const requests = collect(world.api.onDidReceiveWebviewRequest);
    try {
      const returned = await vscode.commands.executeCommand<AnalyticsData>('promptstack.showAnalytics', world.workspaceId);
      assert.ok(returned, 'the analytics loaded');
      const message = await posted.until(isAnalytics('analytics'));
      const data = (message.message as { data: AnalyticsData }).data;
      assert.deepEqual(data, returned);
      // The page's script ran under the CSP and asked for its data.
      await requests.until((r) => r.panel === 'analytics' && r.request.type === 'ready');
      assert.deepEqual(data.workspace, { id: world.workspaceId, name: world.workspaceName });
      assert.equal(data.period.days, 30);

      const filter = { workspaceId: world.workspaceId, from: data.period.from, to: data.period.to };
      const [dashboard, costs, performance] = await Promise.all([
        world.user.client.analytics.dashboard.query(filter),
        world.user.client.analytics.costs.query(filter),
        world.user.client.analytics.performance.query(filter),
      ]);
      assert.equal(dashboard.runs, 3, 'the three runs are counted');
      assert.equal(data.dashboard.runs, dashboard.runs);
      assert.equal(data.dashboard.successRate, dashboard.successRate);
      assert.ok(Math.abs(dashboard.successRate! - 2 / 3) < 1e-9, `2 of 3 succeeded: ${dashboard.successRate}`);
      assert.equal(data.dashboard.spendUsd, dashboard.spendUsd);
      assert.ok(dashboard.spendUsd > 0);
      assert.deepEqual(data.dashboard.latency, dashboard.latency);
      assert.deepEqual(
        data.spendByDay,
        costs.byDay.map(({ day, runs, costUsd }) => ({ day, runs, costUsd })),
      );
      assert.deepEqual(
        data.spendByModel,
        costs.byModel.map(({ model, runs, costUsd }) => ({ model, runs, costUsd })),
      );
      assert.deepEqual(data.spendByModel.map((m) => m.model).sort(), ['openai/gpt-4o', 'openai/gpt-4o-mini']);
      assert.deepEqual(
        data.performanceByModel,
        performance.byModel.map(({ model, runs, successRate, p50Ms, p95Ms }) => ({ model, runs, successRate, p50Ms, p95Ms })),
      );
      const mini = data.performanceByModel.find((m) => m.model === 'openai/gpt-4o-mini');
      assert.deepEqual([mini?.runs, mini?.successRate], [2, 1]);
    } finally {
      posted.dispose();
      requests.dispose();
    }
  });

  it('loads another period when the page asks for it', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    try {
      const first = await vscode.commands.executeCommand<AnalyticsData>('promptstack.showAnalytics', world.workspaceId);
      const panelUri = (await posted.until(isAnalytics('analytics'))).uri;
      assert.ok(world.api.sendWebviewRequest({ panel: 'analytics', uri: panelUri, request: { type: 'refresh', days: 7 } }));
      const week = await posted.until((m) => isAnalytics('analytics')(m) && (m.message as { data: AnalyticsData }).data.period.days === 7);
      const data = (week.message as { data: AnalyticsData }).data;
      assert.equal(data.dashboard.runs, first!.dashboard.runs, "today's runs are in the last 7 days too");
      assert.equal(Date.parse(data.period.to) - Date.parse(data.period.from), 7 * 86_400_000);
    } finally {
      posted.dispose();
    }
  });
});
