/**
 * A/B tests on PromptStack from the editor: created through the backend's A/B API over the test
 * cases beside the linked file, followed by polling until the backend's jobs finish, the
 * backend's verdict in the A/B webview, and "Choose winner" moving the production label.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { CHOOSE_WINNER_BUTTON } from '../../src/run/backendAbTest.ts';
import type { AbPanelMessage, PostedWebviewMessage } from '../../src/webviews/protocol.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { collect } from './runTestHelpers.ts';

type AbResult = Extract<AbPanelMessage, { type: 'abResult' }>;

const PROMPT = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string
---
Greet {{name}} warmly.
`;

const TESTS = `tests:
  - name: Ada
    input: { name: Ada }
  - name: Bob
    input: { name: Bob }
`;

describe('backend A/B tests: created on PromptStack, followed to the verdict, winner moves production', function () {
  // Twenty runs through the backend's job queue, polled once a second.
  this.timeout(90_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;
  let result: AbResult;

  before(async () => {
    // gpt-4o answers every request with a non-retryable 400, gpt-4o-mini always succeeds.
    world = await startBackendRunWorld('Experimenter', { 'gpt-4o': { failureRate: 1, failWith: { status: 400, message: 'bad request' } }, 'gpt-4o-mini': {} });
    ({ document, promptId } = await linkNewPrompt(world, 'greet.prompt', PROMPT, 'Greet'));
    writeFileSync(join(dirname(document.uri.fsPath), 'greet.tests.yaml'), TESTS);
  });
  after(async () => {
    await world?.close();
  });

  it("creates the test over the test cases, shows its progress and the backend's verdict in the webview", async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    const ui = world.script();
    try {
      result = (await vscode.commands.executeCommand<AbResult>('promptstack.abTest', document.uri, {
        model: 'openai/gpt-4o',
        runs: 10,
        metric: 'successRate',
        where: 'backend',
      }))!;
      assert.deepEqual(ui.errors, []);
      assert.ok(result, 'the test finished');
      const mine = (m: PostedWebviewMessage) => m.panel === 'abResults' && m.uri === document.uri.toString();
      const final = await posted.until((m) => mine(m) && m.message.type === 'abResult');
      assert.deepEqual(final.message, result, 'the webview got the verdict the command returned');
      const started = posted.seen.find((m) => mine(m) && m.message.type === 'abStarted')!.message as Extract<AbPanelMessage, { type: 'abStarted' }>;
      assert.equal(started.recorded, true, 'the page says the test runs on PromptStack');
      assert.equal(started.testId, result.testId);

      const test = await world.user.client.abTests.get.query({ id: result.testId });
      assert.equal(test.status, 'completed');
      assert.equal(test.progress.done, 20, 'ten runs per variant: two test cases, five times each');
      assert.deepEqual(
        test.variants.map((v) => [v.name, v.runs, v.successes]),
        [
          ['A', 10, 10],
          ['B', 10, 0],
        ],
      );
      const analysis = test.analysis as { recommendation: { winner: string | null; summary: string } };
      assert.equal(result.winner, 'A');
      assert.equal(analysis.recommendation.winner, 'A');
      assert.equal(result.recommendation, analysis.recommendation.summary, "the page shows the backend's own analysis");
      const [a, b] = result.variants;
      assert.deepEqual([a!.successes, a!.failures, b!.successes, b!.failures], [10, 0, 0, 10]);
      assert.equal(a!.stats?.latencyP50Ms, test.variants[0]!.latencyP50Ms, "the backend's p50 reaches the page");

      const progress = posted.seen.filter((m) => mine(m) && m.message.type === 'abProgress').map((m) => (m.message as { done: number }).done);
      assert.ok(progress.length >= 1 && progress.at(-1) === 20, `progress polled up to 20: ${progress.join(',')}`);
      assert.deepEqual(
        progress,
        [...progress].sort((x, y) => x - y),
        'progress never goes back',
      );
      // The test cases were the inputs: both names reached the provider through the backend.
      const bodies = world.provider.requests.map((r) => JSON.stringify(r.body.messages));
      assert.equal(bodies.filter((m) => /Ada/.test(m)).length, 10);
      assert.equal(bodies.filter((m) => /Bob/.test(m)).length, 10);
    } finally {
      posted.dispose();
    }
  });

  it('"Choose winner" asks first, then records the winner and moves the production label to its version', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    let question = '';
    const ui = world.script().choosing((message, buttons) => {
      question = message;
      assert.deepEqual(buttons, [CHOOSE_WINNER_BUTTON]);
      return CHOOSE_WINNER_BUTTON;
    });
    try {
      assert.ok(
        world.api.sendWebviewRequest({
          panel: 'abResults',
          uri: document.uri.toString(),
          request: { type: 'chooseWinner', testId: result.testId, variant: 'A' },
        }),
      );
      const chosen = await posted.until((m) => m.panel === 'abResults' && m.message.type === 'winnerChosen');
      assert.deepEqual(chosen.message, {
        type: 'winnerChosen',
        testId: result.testId,
        variant: 'A',
        where: 'backend',
        movedLabel: { name: 'production', versionNumber: 1 },
      });
      assert.match(question, /^Choose A \(greet\.prompt \(openai\/gpt-4o-mini\)\) as the winner\?$/);
      assert.deepEqual(ui.errors, []);

      const test = await world.user.client.abTests.get.query({ id: result.testId });
      assert.equal(test.winner?.variantId, test.variants.find((v) => v.name === 'A')!.id);
      const prompt = await world.user.client.prompts.get.query({ id: promptId });
      assert.deepEqual(
        prompt.labels.map((l) => [l.name, l.versionNumber]),
        [['production', 1]],
      );
    } finally {
      posted.dispose();
    }
  });
});
