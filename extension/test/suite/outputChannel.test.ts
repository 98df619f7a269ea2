/**
 * The "PromptStack" output channel in the real host: after a run it holds the run's line (file,
 * model, status, tokens, cost, duration, where it ran), after a backend call that failed the
 * call and its error, after a pull the sync action; never a key, token or password.
 */
import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { RunView } from '../../src/webviews/protocol.ts';
import { activateWithServer } from './helpers.ts';
import { startProviderForExtension, stopProvider, TEST_KEY } from './runTestHelpers.ts';
import { createBackendUser, openTempPrompt, ScriptedUi, useTestBackend, type BackendUser } from './syncSupport.ts';

/** The channel's text once it contains `wanted` (VS Code writes the file a little after the call). */
async function channelTextWith(api: PromptStackApi, wanted: RegExp): Promise<string> {
  for (;;) {
    const text = existsSync(api.outputLogFile) ? readFileSync(api.outputLogFile, 'utf8') : '';
    if (wanted.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('output channel: runs, backend errors and sync actions, without secrets', function () {
  this.timeout(60_000);
  let api: PromptStackApi;
  let provider: LocalProviderServer | undefined;
  let user: BackendUser;

  before(async () => {
    api = await activateWithServer();
    provider = await startProviderForExtension({ 'gpt-4o-mini': { output: 'Hello Ada!' } });
    await useTestBackend();
    user = await createBackendUser('Logan');
  });
  after(async () => {
    api.team.setUi(undefined);
    if (api.team.token()) await vscode.commands.executeCommand('promptstack.signOut');
    await stopProvider(provider);
  });

  it("logs a run's file, status, model, tokens, cost, duration and where it ran", async () => {
    const document = await openTempPrompt('log-greeting.prompt', '---\nmodel: openai/gpt-4o-mini\n---\nSay hello to {{name}}.\n');
    const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { name: 'Ada' });
    assert.equal(run.status, 'success', JSON.stringify(run.error));
    const text = await channelTextWith(api, /Run log-greeting\.prompt: /);
    const line = text.split('\n').find((l) => l.includes('Run log-greeting.prompt: '));
    assert.match(
      line!,
      new RegExp(
        `Run log-greeting\\.prompt: success · openai/gpt-4o-mini · ${run.inputTokens} in / ${run.outputTokens} out tokens · \\$[0-9.e-]+ · \\d+ ms · via local$`,
      ),
    );
    assert.ok(!text.includes(TEST_KEY), 'the provider key is not in the channel');
  });

  it('logs a failed backend call with its error, and a pull, with no token or password', async () => {
    await api.team.signInWithPassword(user.email, user.password);
    const ui = new ScriptedUi();
    api.team.setUi(ui.ui());
    // Linked to a prompt that does not exist: the backend answers 404.
    const missing = randomUUID();
    const document = await openTempPrompt('log-missing.prompt', `---\nmodel: openai/gpt-4o-mini\npromptstack.id: ${missing}\n---\nHi\n`);
    assert.equal(await vscode.commands.executeCommand('promptstack.pull', document.uri), 'failed');
    assert.equal(ui.errors.length, 1, ui.errors.join('; '));
    let text = await channelTextWith(api, /backend: prompts\.get failed: /);
    assert.match(text, /\[warning\] backend: prompts\.get failed: .*\(404\)/);

    // A pull that works is logged as a sync action.
    const workspace = await user.client.workspaces.create.mutate({ name: 'Logan Team' });
    const project = await user.client.projects.create.mutate({ workspaceId: workspace.id, name: `Logs ${randomUUID().slice(0, 6)}` });
    const prompt = await user.client.prompts.create.mutate({
      projectId: project.id,
      name: 'log-pulled',
      content: '---\nmodel: openai/gpt-4o-mini\n---\nPulled\n',
    });
    const linked = await openTempPrompt('log-pulled.prompt', `---\nmodel: openai/gpt-4o-mini\npromptstack.id: ${prompt.id}\n---\nPulled\n`);
    assert.equal(await vscode.commands.executeCommand('promptstack.pull', linked.uri), 'pulled', ui.errors.join('; '));
    text = await channelTextWith(api, /Pull log-pulled\.prompt: version 1/);
    for (const secret of [api.team.token()!, user.token, user.password, TEST_KEY])
      assert.ok(!text.includes(secret), 'no token, password or key in the channel');
  });
});
