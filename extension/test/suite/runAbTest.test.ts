import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { AbPanelMessage, PostedWebviewMessage } from '../../src/webviews/protocol.ts';
import { activateWithServer, openFixture } from './helpers.ts';
import { collect, startProviderForExtension, stopProvider } from './runTestHelpers.ts';

type AbResult = Extract<AbPanelMessage, { type: 'abResult' }>;

describe('A/B test of a prompt against a second model', () => {
  let server: LocalProviderServer | undefined;
  let api: PromptStackApi;

  before(async () => {
    await openFixture('runner.prompt');
    api = await activateWithServer();
    // gpt-4o answers every request with a non-retryable 400, gpt-4o-mini always succeeds.
    server = await startProviderForExtension({
      'gpt-4o': { failureRate: 1, failWith: { status: 400, message: 'bad request' } },
      'gpt-4o-mini': {},
    });
  });
  after(async () => {
    await stopProvider(server);
  });

  it('runs both variants over the test cases, shows progress and a verdict for the better variant', async () => {
    const document = await openFixture('runner.prompt');
    const posted = collect(api.onDidPostWebviewMessage);
    try {
      const result = await vscode.commands.executeCommand<AbResult>('promptstack.abTest', document.uri, {
        model: 'openai/gpt-4o',
        runs: 10,
        metric: 'successRate',
      });
      const mine = (m: PostedWebviewMessage) => m.panel === 'abResults' && m.uri === document.uri.toString();
      const final = await posted.until((m) => mine(m) && m.message.type === 'abResult');
      assert.deepEqual(final.message, result, 'the webview got the result the command returned');

      assert.equal(result.winner, 'A');
      assert.match(result.recommendation, /^A is the better variant on success rate/);
      const [a, b] = result.variants;
      assert.deepEqual([a!.successes, a!.failures, b!.successes, b!.failures], [10, 0, 0, 10]);
      assert.equal(a!.latencyMs.length, 10, 'latency samples of the successful runs, for the chart');
      const success = result.comparisons.find((c) => c.metric === 'successRate');
      assert.equal(success?.verdict, 'a-better');
      assert.ok(success?.ci && success.ci.upper < 0, `B - A success-rate CI below zero: ${JSON.stringify(success?.ci)}`);

      const progress = posted.seen.filter((m) => mine(m) && m.message.type === 'abProgress').map((m) => (m.message as { done: number }).done);
      assert.deepEqual(
        progress,
        Array.from({ length: 20 }, (_, i) => i + 1),
        'one progress message per finished run',
      );
      // The test cases beside the prompt are the inputs, the same on both sides.
      const names = server!.requests.map((r) => JSON.stringify(r.body.messages)).filter((m) => /Ada|Bob/.test(m));
      assert.equal(names.length, 20);
    } finally {
      posted.dispose();
    }
  });
});
