/**
 * What a linked prompt does in production, in the editor: generations logged by an application
 * (through the backend's ingestion route, as the SDK sends them) show in the lens above the
 * prompt, and the analytics page switches between test runs and production.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalyticsData, AnalyticsPanelMessage, PostedWebviewMessage } from '../../src/webviews/protocol.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { collect } from './runTestHelpers.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
---
Answer {{question}}.
`;

type AnalyticsMessage = Extract<PostedWebviewMessage, { panel: 'analytics' }>;

describe('production analytics in the editor: the lens on a linked prompt and the test/production switch', function () {
  this.timeout(90_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;

  before(async () => {
    world = await startBackendRunWorld('Operator');
    ({ document, promptId } = await linkNewPrompt(world, 'answer.prompt', PROMPT, 'answer'));
    await world.user.client.prompts.labels.set.mutate({ id: promptId, name: 'production', versionNumber: 1 });
    const generation = (n: number, status: 'success' | 'error') => ({
      id: `gen-${n}`,
      prompt: { name: 'answer', label: 'production' },
      model: 'openai/gpt-4o-mini',
      input: { question: `q${n}` },
      output: status === 'success' ? `a${n}` : '',
      usage: { inputTokens: 20, outputTokens: 10 },
      latencyMs: 100 * n,
      status,
      costUsd: 0.01,
      ...(status === 'error' ? { error: 'rate limited' } : {}),
    });
    const answer = await world.user.client.generations.ingest.mutate({
      workspaceId: world.workspaceId,
      generations: [generation(1, 'success'), generation(2, 'success'), generation(3, 'success'), generation(4, 'error')],
    });
    assert.deepEqual(answer, { accepted: 4, duplicates: 0, rejected: [] });
  });
  after(async () => {
    await world?.close();
  });

  it('shows the production version, calls, p95 latency, error rate and spend of the last 7 days above the prompt', async () => {
    // The lens drawn when the file was linked (no label, no calls yet) is kept 15 s: ask until it shows the calls.
    let production: vscode.CodeLens | undefined;
    for (;;) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      production = lenses.find((lens) => lens.command?.title.startsWith('production'));
      assert.ok(production, `a production lens among ${lenses.map((lens) => lens.command?.title).join(' | ')}`);
      if (production.command!.title.includes('4 calls')) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const to = new Date();
    const dashboard = await world.user.client.analytics.dashboard.query({
      workspaceId: world.workspaceId,
      promptId,
      source: 'production',
      from: new Date(to.getTime() - 7 * 86_400_000).toISOString(),
      to: to.toISOString(),
    });
    assert.equal(dashboard.runs, 4);
    assert.ok(dashboard.latency.p95Ms !== null);
    assert.equal(production.command!.title, `production v1 · 4 calls · p95 ${Math.round(dashboard.latency.p95Ms!)} ms · 25% errors · $0.04 (7 days)`);
    assert.equal(production.command!.command, 'promptstack.showAnalytics');
    assert.deepEqual(production.command!.arguments, [world.workspaceId, 'production']);
  });

  it('opens the analytics on production from the lens, and the switch goes back to test runs', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    try {
      const data = await vscode.commands.executeCommand<AnalyticsData>('promptstack.showAnalytics', world.workspaceId, 'production');
      assert.equal(data.source, 'production');
      assert.equal(data.dashboard.runs, 4);
      assert.equal(data.dashboard.errors, 1);
      assert.ok(Math.abs(data.dashboard.spendUsd - 0.04) < 1e-9);

      // What a click on "Test runs" sends: no runs were made in the editor.
      const sent = world.api.sendWebviewRequest({
        panel: 'analytics',
        uri: vscode.Uri.from({ scheme: 'promptstack-analytics', path: `/${world.workspaceId}/${world.workspaceName}` }).toString(),
        request: { type: 'refresh', days: 30, source: 'test' },
      });
      assert.ok(sent, 'the panel is open');
      const test = await posted.until(
        (m): m is AnalyticsMessage => m.panel === 'analytics' && m.message.type === 'analytics' && m.message.data.source === 'test',
      );
      const testData = (test.message as Extract<AnalyticsPanelMessage, { type: 'analytics' }>).data;
      assert.equal(testData.dashboard.runs, 0);
      assert.equal(testData.period.days, 30);
    } finally {
      posted.dispose();
    }
  });
});
