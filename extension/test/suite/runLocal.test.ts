import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import { estimateRunCost } from '@promptstack/core/runner/estimateRunCost';
import { RUNNABLE_PROVIDERS } from '@promptstack/core/providers/runnableProviders';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, type PromptStackApi } from '../../src/api.ts';
import { formatUsd } from '../../src/codelens/promptCodeLensProvider.ts';
import type { PostedWebviewMessage, RunPanelMessage, RunView } from '../../src/webviews/protocol.ts';
import { activateWithServer, fixtureUri, openFixture } from './helpers.ts';
import { collect, startProviderForExtension, stopProvider, TEST_KEY } from './runTestHelpers.ts';

type RunMessage = Extract<PostedWebviewMessage, { panel: 'runResults' }>;
const isRunMessage =
  (uri: vscode.Uri, type: RunPanelMessage['type']) =>
  (m: PostedWebviewMessage): m is RunMessage =>
    m.panel === 'runResults' && m.uri === uri.toString() && m.message.type === type;

describe('run CodeLenses', () => {
  it('shows Run, Run with..., A/B test and the estimated cost above the prompt', async () => {
    const document = await openFixture('runner.prompt');
    await activateWithServer();
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(
      titles.some((t) => /\bRun$/.test(t)),
      `a Run lens: ${titles.join(' | ')}`,
    );
    assert.ok(titles.includes('Run with...'), `a Run with... lens: ${titles.join(' | ')}`);
    assert.ok(titles.includes('A/B test'), `an A/B test lens: ${titles.join(' | ')}`);
    assert.ok(
      titles.some((t) => /^~\$[\d.e-]+–\$[\d.e-]+$/.test(t)),
      `a cost lens like ~$x–$y: ${titles.join(' | ')}`,
    );
    assert.ok(
      lenses.every((lens) => lens.range.start.line === 0),
      'every lens sits on line 0',
    );
    const run = lenses.find((lens) => lens.command?.command === 'promptstack.run');
    assert.equal(String(run?.command?.arguments?.[0]), document.uri.toString(), 'Run targets this file');
  });

  it("prices README's example, whose {{> signature}} is _signature.prompt beside it, as the language server renders it", async () => {
    const document = await openFixture('support-reply.prompt');
    await activateWithServer();
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const cost = lenses.find((lens) => lens.command?.title.startsWith('~$') || lens.command?.title.startsWith('cost:'));
    assert.ok(cost?.command, `a cost lens: ${lenses.map((lens) => lens.command?.title).join(' | ')}`);
    assert.match(cost.command.title, /^~\$[\d.e-]+–\$[\d.e-]+$/, `a price, not ${cost.command.title} (${cost.command.tooltip})`);
    // The figures core gives with the partial's text handed over: the lens rendered the partial.
    const signature = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri('_signature.prompt')));
    const expected = await estimateRunCost(document.getText(), {}, undefined, { partials: { signature } });
    assert.ok(expected.ok, 'core prices the example with its partial');
    assert.equal(cost.command.title, `~${formatUsd(expected.estimate.minUsd)}–${formatUsd(expected.estimate.maxUsd)}`);
  });
});

describe('running a prompt locally against the local provider', () => {
  let server: LocalProviderServer | undefined;
  let api: PromptStackApi;

  before(async () => {
    await openFixture('runner.prompt');
    api = await activateWithServer();
    server = await startProviderForExtension({ 'gpt-4o-mini': { tokensPerChunk: 1 } });
  });
  after(async () => {
    await stopProvider(server);
  });

  it('streams the output into the results webview and finishes with tokens, cost and latency', async () => {
    const document = await openFixture('runner.prompt');
    const posted = collect(api.onDidPostWebviewMessage);
    const ready = collect(api.onDidReceiveWebviewRequest);
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { name: 'Ada' });
      const finished = await posted.until((m) => isRunMessage(document.uri, 'runFinished')(m) && (m.message as { run: RunView }).run.runId === run.runId);
      // The page said ready, so its bundled script ran under the CSP.
      await ready.until((r) => r.panel === 'runResults' && r.request.type === 'ready');

      assert.equal(run.status, 'success', JSON.stringify(run.error));
      assert.match(run.output, /Ada/);
      const tokens = posted.seen
        .filter((m) => isRunMessage(document.uri, 'token')(m) && (m.message as { runId: string }).runId === run.runId)
        .map((m) => (m.message as { text: string }).text);
      assert.ok(tokens.length > 1, `streamed in several pieces, got ${tokens.length}`);
      assert.equal(tokens.join(''), run.output, 'the streamed pieces add up to the output');
      assert.deepEqual((finished.message as { run: RunView }).run, run);
      assert.equal(run.model, 'openai/gpt-4o-mini');
      assert.ok(run.inputTokens > 0 && run.outputTokens > 0, 'tokens counted');
      assert.ok(run.costUsd > 0 && run.priced, 'priced from the catalog');
      assert.ok(run.latencyMs >= 0);
      assert.equal(run.target, 'local');
      assert.deepEqual(
        run.messages.map((m) => m.role),
        ['user'],
      );
      assert.match(run.messages[0]!.text, /Say hello to Ada\./);

      const request = server!.requests.at(-1)!;
      assert.equal(request.stream, true, 'the provider was asked to stream');
      assert.equal(request.headers.authorization, `Bearer ${TEST_KEY}`, 'the key from SecretStorage was sent');
    } finally {
      posted.dispose();
      ready.dispose();
    }
  });

  it('keeps earlier runs of the file and posts them as history, newest first', async () => {
    const document = await openFixture('runner.prompt');
    const posted = collect(api.onDidPostWebviewMessage);
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.run', document.uri);
      assert.deepEqual(run.input, { name: 'Ada' }, 'Run reuses the input Run with... remembered');
      const history = await posted.until((m) => isRunMessage(document.uri, 'history')(m) && (m.message as { runs: RunView[] }).runs[0]?.runId === run.runId);
      const runs = (history.message as { runs: RunView[] }).runs;
      assert.ok(runs.length >= 2, `the earlier run is kept too, got ${runs.length}`);
      assert.ok(
        runs.slice(1).every((r) => r.startedAt <= run.startedAt),
        'newest first',
      );
    } finally {
      posted.dispose();
    }
  });

  it('reports a rejected key in plain words with the fix', async () => {
    const document = await openFixture('runner.prompt');
    const posted = collect(api.onDidPostWebviewMessage);
    await vscode.commands.executeCommand('promptstack.setApiKey', 'openai', 'sk-wrong');
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.run', document.uri);
      assert.equal(run.status, 'error');
      assert.equal(run.error?.kind, 'auth');
      assert.equal(run.error?.message, "OpenAI rejected the API key (401). Set it with 'PromptStack: Set API Key'.");
      const finished = await posted.until((m) => isRunMessage(document.uri, 'runFinished')(m) && (m.message as { run: RunView }).run.runId === run.runId);
      assert.equal((finished.message as { run: RunView }).run.error?.message, run.error?.message, 'the webview got the same words');
    } finally {
      posted.dispose();
      await vscode.commands.executeCommand('promptstack.setApiKey', 'openai', TEST_KEY);
    }
  });

  it('shows a run that finished while its panel was hidden once the panel is back', async () => {
    const document = await openFixture('runner.prompt');
    server!.setScript({ 'gpt-4o-mini': { latencyMs: 1500 } });
    const posted = collect(api.onDidPostWebviewMessage);
    let cover: vscode.TextDocument | undefined;
    try {
      const running = vscode.commands.executeCommand<RunView>('promptstack.run', document.uri);
      await posted.until(isRunMessage(document.uri, 'runStarted'));
      // Another editor on top of the panel, in its group: the page is unloaded while the provider answers.
      const group = vscode.window.tabGroups.all.find((g) =>
        g.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('runResults')),
      );
      assert.ok(group, 'the run panel has a tab');
      cover = await vscode.workspace.openTextDocument({ content: 'on top of the run panel' });
      await vscode.window.showTextDocument(cover, { viewColumn: group.viewColumn, preview: false });
      const run = await running;
      assert.equal(run.status, 'success', JSON.stringify(run.error));
      // Closing the editor on top shows the panel again; its page loads and gets the finished run.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const finished = await posted.until((m) => isRunMessage(document.uri, 'runFinished')(m) && (m.message as { run: RunView }).run.runId === run.runId);
      assert.deepEqual((finished.message as { run: RunView }).run, run);
    } finally {
      posted.dispose();
      server!.setScript({ 'gpt-4o-mini': { tokensPerChunk: 1 } });
    }
  });

  it('runs a googleai/ Gemini prompt with the Gemini key and base URL, streamed and priced', async () => {
    const uri = fixtureUri('gemini-run.prompt');
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri('runner.prompt')));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(source.replace('openai/gpt-4o-mini', 'googleai/gemini-2.5-flash')));
    await vscode.commands.executeCommand('promptstack.setApiKey', 'googleai', TEST_KEY);
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', uri, { name: 'Ada' });
      assert.equal(run.status, 'success', JSON.stringify(run.error));
      assert.equal(run.model, 'googleai/gemini-2.5-flash');
      assert.match(run.output, /Say hello to Ada/);
      assert.ok(run.costUsd > 0 && run.priced, 'priced from the catalog');
      const request = server!.requests.at(-1)!;
      assert.equal(request.api, 'googleai');
      assert.equal(request.path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
      assert.equal(request.headers['x-goog-api-key'], TEST_KEY);
    } finally {
      await vscode.commands.executeCommand('promptstack.setApiKey', 'googleai', '');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('declares one base URL setting per runnable provider in package.json, defaulting to its public API', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { configuration: { properties: Record<string, { default?: string }> } };
    };
    const declared = Object.entries(manifest.contributes.configuration.properties).flatMap(([name, setting]) => {
      const match = /^promptstack\.(\w+)BaseUrl$/.exec(name);
      return match ? [[match[1], setting.default]] : [];
    });
    assert.deepEqual(
      declared,
      RUNNABLE_PROVIDERS.map((provider) => [provider.id, provider.defaultBaseUrl]),
    );
  });

  it('names the provider and the base URL when it cannot be reached', async () => {
    const document = await openFixture('runner.prompt');
    // A port nothing listens on: the closed server's.
    const closed = server!.openaiBaseUrl;
    await server!.close();
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.run', document.uri);
      assert.equal(run.error?.kind, 'network');
      assert.match(run.error!.message, new RegExp(`^Cannot reach OpenAI at ${closed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    } finally {
      server = await startProviderForExtension({ 'gpt-4o-mini': { tokensPerChunk: 1 } });
    }
  });
});
