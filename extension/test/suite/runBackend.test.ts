/**
 * Signed-in runs of a linked file go through the backend (real backend on an embedded database,
 * its runner calling core's local provider with the workspace's key): streamed into the results
 * webview, recorded for the team, rated on the backend; unpushed edits are asked about first.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RUN_CHOICES, unpushedEditsMessage } from '../../src/run/chooseRunTarget.ts';
import type { PostedWebviewMessage, RunPanelMessage, RunView } from '../../src/webviews/protocol.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { collect } from './runTestHelpers.ts';
import { appendText } from './syncSupport.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string
---
Say hello to {{name}}.
`;

type RunMessage = Extract<PostedWebviewMessage, { panel: 'runResults' }>;
const runMessage =
  (uri: vscode.Uri, type: RunPanelMessage['type']) =>
  (m: PostedWebviewMessage): m is RunMessage =>
    m.panel === 'runResults' && m.uri === uri.toString() && m.message.type === type;

describe('backend runs: a signed-in run of a linked file goes through PromptStack and is recorded', function () {
  // Sign-up hashes a password (bcrypt) and the backend migrates on first use: seconds on a busy machine.
  this.timeout(60_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;
  let run: RunView;

  before(async () => {
    world = await startBackendRunWorld('Runner', { 'gpt-4o-mini': { tokensPerChunk: 1 } });
    ({ document, promptId } = await linkNewPrompt(world, 'hello.prompt', PROMPT, 'Hello'));
  });
  after(async () => {
    await world?.close();
  });

  it("streams the stored version's output into the webview and the backend records the run", async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    const ui = world.script();
    try {
      run = (await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { name: 'Ada' }))!;
      assert.deepEqual(ui.asked, [], 'a file equal to its pushed version runs on the backend without a question');
      assert.equal(run.status, 'success', JSON.stringify(run.error));
      assert.equal(run.target, 'backend');
      assert.match(run.output, /Ada/);
      assert.equal(run.recorded?.promptId, promptId);
      assert.equal(run.recorded?.versionNumber, 1);

      const started = await posted.until(runMessage(document.uri, 'runStarted'));
      assert.equal((started.message as { target: string }).target, 'backend', 'the page is told the run goes through PromptStack');
      const finished = await posted.until((m) => runMessage(document.uri, 'runFinished')(m) && (m.message as { run: RunView }).run.runId === run.runId);
      assert.deepEqual((finished.message as { run: RunView }).run, run, 'the webview got the run the command returned');
      assert.deepEqual(
        run.messages.map((m) => m.role),
        ['user'],
        'the webview shows the messages the backend sent',
      );
      assert.equal(run.messages[0]!.text.trim(), 'Say hello to Ada.');
      const tokens = posted.seen.filter(runMessage(document.uri, 'token')).map((m) => (m.message as { text: string }).text);
      assert.ok(tokens.length > 1, `streamed in several pieces, got ${tokens.length}`);
      assert.equal(tokens.join(''), run.output, 'the streamed pieces add up to the output');

      const page = await world.user.client.runs.list.query({ id: promptId });
      const recorded = page.items.find((r) => r.id === run.recorded!.runId);
      assert.ok(recorded, `the run is listed on the backend: ${JSON.stringify(page.items.map((r) => r.id))}`);
      assert.equal(recorded.output, run.output);
      assert.deepEqual(recorded.input, { name: 'Ada' });
      assert.equal(recorded.inputTokens, run.inputTokens);
      assert.equal(recorded.costUsd, run.costUsd);
      const prompt = await world.user.client.prompts.get.query({ id: promptId });
      assert.equal(recorded.versionId, prompt.latestVersion?.id, 'the stored version 1 ran');
      // The provider was called by the backend, with the workspace's key, not from VS Code.
      assert.equal(world.provider.requests.at(-1)?.headers.authorization, 'Bearer sk-promptstack-test');
    } finally {
      posted.dispose();
    }
  });

  it('sends a rating from the results page to the recorded run on the backend', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    const ui = world.script();
    try {
      const sent = world.api.sendWebviewRequest({
        panel: 'runResults',
        uri: document.uri.toString(),
        request: { type: 'rate', runId: run.runId, rating: 4, feedback: 'Warm enough' },
      });
      assert.ok(sent, 'the results panel is open');
      const history = await posted.until(
        (m) => runMessage(document.uri, 'history')(m) && (m.message as { runs: RunView[] }).runs.some((r) => r.runId === run.runId && r.rating === 4),
      );
      assert.ok(history);
      assert.deepEqual(ui.errors, []);
      const page = await world.user.client.runs.list.query({ id: promptId });
      const recorded = page.items.find((r) => r.id === run.recorded!.runId);
      assert.equal(recorded?.rating, 4);
      assert.equal(recorded?.feedback, 'Warm enough');
    } finally {
      posted.dispose();
    }
  });

  it('tells the user their unpushed edits are not included, and runs locally when they choose so', async () => {
    await appendText(document, 'Be brief.\n');
    const ui = world.script().choosing((message, buttons) => {
      assert.equal(message, unpushedEditsMessage(1));
      assert.deepEqual(buttons, [RUN_CHOICES.local, RUN_CHOICES.push, RUN_CHOICES.backend(1)]);
      return RUN_CHOICES.local;
    });
    const before = (await world.user.client.runs.list.query({ id: promptId })).total;
    const local = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { name: 'Bob' });
    assert.equal(ui.asked.length, 1);
    assert.equal(local?.target, 'local');
    assert.equal(local?.recorded, undefined);
    assert.equal(local?.status, 'success', JSON.stringify(local?.error));
    assert.match(JSON.stringify(world.provider.requests.at(-1)?.body.messages), /Be brief\./, 'the local run used the edited file');
    assert.equal((await world.user.client.runs.list.query({ id: promptId })).total, before, 'nothing was recorded on the backend');
  });

  it('pushes first when asked, then runs the new version on the backend', async () => {
    const ui = world.script().choosing(RUN_CHOICES.push).typing('Briefer');
    const pushed = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { name: 'Cy' });
    assert.deepEqual(ui.errors, []);
    assert.equal(pushed?.target, 'backend');
    assert.equal(pushed?.recorded?.versionNumber, 2, 'version 2, the push, ran');
    assert.equal(pushed?.status, 'success', JSON.stringify(pushed?.error));
    const request = world.provider.requests.at(-1)!;
    assert.match(JSON.stringify(request.body.messages), /Be brief\./, 'the pushed edit reached the provider');
  });

  it('runs an unlinked file locally without asking, even when signed in', async () => {
    const file = await vscode.workspace.openTextDocument({ language: 'dotprompt', content: PROMPT });
    const ui = world.script();
    const local = await vscode.commands.executeCommand<RunView>('promptstack.runWith', file.uri, { name: 'Dee' });
    assert.deepEqual(ui.asked, []);
    assert.equal(local?.target, 'local', 'an unlinked file runs locally even when signed in');
  });
});
