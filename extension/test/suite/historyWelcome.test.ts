/**
 * The History view's welcome content: signed out, or with an unlinked file in front, the tree has
 * no rows (VS Code shows `viewsWelcome` only for an empty tree), and the welcome offers Sign In or
 * Link Current File by the `promptstack.signedIn` context key. Real host, real backend.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, type PromptStackApi } from '../../src/api.ts';
import { SIGNED_IN_CONTEXT } from '../../src/sync/historyView.ts';
import { activateExtension } from './helpers.ts';
import { createBackendUser, openTempPrompt, ScriptedUi, useTestBackend } from './syncSupport.ts';

describe('history view welcome: sign in and link buttons show on an empty tree', function () {
  this.timeout(60_000);
  let api: PromptStackApi;

  before(async () => {
    api = await activateExtension();
    await useTestBackend();
    if (api.team.token()) await vscode.commands.executeCommand('promptstack.signOut');
  });
  after(() => api?.team.setUi(undefined));

  it('declares a Sign In welcome for signed out and a Link welcome for signed in', () => {
    const welcome = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.viewsWelcome as { view: string; contents: string; when: string }[];
    const history = welcome.filter((w) => w.view === 'promptstack.history');
    assert.deepEqual(
      history.map((w) => w.when),
      [`!${SIGNED_IN_CONTEXT}`, SIGNED_IN_CONTEXT],
    );
    assert.match(history[0]!.contents, /\[Sign In\]\(command:promptstack\.signIn\)/);
    assert.match(history[1]!.contents, /\[Link Current File\]\(command:promptstack\.link\)/);
  });

  it('has no rows signed out or for an unlinked file, and lists versions once the file is linked', async () => {
    const document = await openTempPrompt('welcome.prompt', '---\nmodel: openai/gpt-4o-mini\n---\nHello {{name}}\n');
    assert.equal(await api.team.historyRowCount(), 0, 'signed out: no rows, so the Sign In welcome shows');
    const user = await createBackendUser('Welcome');
    await api.team.signInWithPassword(user.email, user.password);
    assert.equal(await api.team.historyRowCount(), 0, 'signed in with an unlinked file: no rows, so the Link welcome shows');
    const ui = new ScriptedUi().typing('Welcome project', 'Welcome').picking('Create a new prompt');
    api.team.setUi(ui.ui());
    assert.ok(await vscode.commands.executeCommand('promptstack.link', document.uri));
    assert.deepEqual(ui.errors, []);
    const rows = await api.team.historyRows();
    assert.deepEqual(
      rows.map((r) => r.version.number),
      [1],
    );
  });
});
