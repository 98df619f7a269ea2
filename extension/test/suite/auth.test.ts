/**
 * The "PromptStack" authentication provider in the real extension host, against the backend the
 * runner started: sign-in through the provider's own questions, sessions in SecretStorage, clear
 * errors, and sign-out that ends the session on the server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import { OPEN_SETTINGS, settingNamedIn } from '../../src/settingActions.ts';
import { activateExtension } from './helpers.ts';
import { createBackendUser, openTempPrompt, rest, ScriptedUi, useBackendUrl, useTestBackend, type BackendUser } from './syncSupport.ts';

describe('auth: the PromptStack authentication provider', function () {
  this.timeout(60_000);
  let api: PromptStackApi;
  let user: BackendUser;

  before(async () => {
    api = await activateExtension();
    await useTestBackend();
    user = await createBackendUser('Grace');
  });

  afterEach(async () => {
    api.team.setUi(undefined);
    if (api.team.token()) await vscode.commands.executeCommand('promptstack.signOut');
  });

  it('signs in with email and password typed into its input boxes (password masked)', async () => {
    const ui = new ScriptedUi().picking('Email and password').typing(user.email, user.password);
    const masked: boolean[] = [];
    const scripted = ui.ui();
    api.team.setUi({ ...scripted, input: (options) => (masked.push(options.password === true), scripted.input!(options)) });
    const session = (await vscode.commands.executeCommand('promptstack.signIn')) as vscode.AuthenticationSession | undefined;
    assert.ok(session, `no session; errors: ${ui.errors.join('; ')}`);
    assert.equal(session.account.id, user.id);
    assert.match(session.account.label, new RegExp(user.email.replace(/[.]/g, '\\.')));
    assert.deepEqual(masked, [false, true], 'the email box is plain, the password box is masked');
    const token = api.team.token();
    assert.ok(token);
    const answer = await rest('/api/auth/session', { token });
    assert.equal(answer.body.user.email, user.email);
    assert.ok(ui.infos.some((m) => m.startsWith('Signed in to PromptStack')));
  });

  it('signs in with a pasted session token', async () => {
    const ui = new ScriptedUi().picking('Paste a session token').typing(user.token);
    api.team.setUi(ui.ui());
    const session = (await vscode.commands.executeCommand('promptstack.signIn')) as vscode.AuthenticationSession | undefined;
    assert.ok(session, `no session; errors: ${ui.errors.join('; ')}`);
    assert.equal(api.team.token(), user.token);
    assert.equal(session.account.label, user.email);
  });

  it('reports a wrong password as a clear 401 message and stays signed out', async () => {
    const ui = new ScriptedUi().picking('Email and password').typing(user.email, 'not the password');
    api.team.setUi(ui.ui());
    assert.equal(await vscode.commands.executeCommand('promptstack.signIn'), undefined);
    assert.deepEqual(ui.errors, ['Invalid email or password (401)']);
    assert.equal(api.team.token(), undefined);
  });

  it('reports an unreachable backend by its URL', async () => {
    await assert.rejects(
      async () => {
        // Port 9 (discard) has no listener here.
        await useBackendUrl('http://127.0.0.1:9');
        try {
          await api.team.signInWithPassword(user.email, user.password);
        } finally {
          await useTestBackend();
        }
      },
      (error: Error) => /Could not reach the PromptStack backend at http:\/\/127\.0\.0\.1:9/.test(error.message),
    );
  });

  it('checks the backend before asking for credentials, names its URL and the setting, and opens that setting', async () => {
    // No pick or input is queued: a question asked before the check would fail the sign-in differently.
    const ui = new ScriptedUi().answeringErrors(OPEN_SETTINGS);
    api.team.setUi(ui.ui());
    const settingsOpened = nextTabLabelled('Settings');
    await useBackendUrl('http://127.0.0.1:9');
    try {
      assert.equal(await vscode.commands.executeCommand('promptstack.signIn'), undefined);
    } finally {
      await useTestBackend();
    }
    assert.deepEqual(ui.asked, [], 'no question before the backend answered');
    assert.equal(ui.errors.length, 1, ui.errors.join('; '));
    assert.match(ui.errors[0]!, /^Could not reach the PromptStack backend at http:\/\/127\.0\.0\.1:9 \(.+\)\. Check the promptstack\.backendUrl setting\.$/);
    assert.deepEqual(ui.errorActions, [[OPEN_SETTINGS]]);
    // "Open Settings" was chosen: the Settings editor comes to the front.
    await settingsOpened;
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('offers Open Settings on any error naming a setting, and only there', () => {
    assert.equal(settingNamedIn('Check the promptstack.backendUrl setting.'), 'promptstack.backendUrl');
    assert.equal(settingNamedIn('Check your connection and the promptstack.anthropicBaseUrl setting.'), 'promptstack.anthropicBaseUrl');
    assert.equal(settingNamedIn('Invalid email or password (401)'), undefined);
  });

  it('shows signed-out in the status bar, and sign-out ends the session on the backend', async () => {
    await api.team.signInWithPassword(user.email, user.password);
    const token = api.team.token();
    assert.ok(token);
    assert.equal(await vscode.commands.executeCommand('promptstack.signOut'), true);
    assert.equal(api.team.token(), undefined);
    const answer = await rest('/api/auth/session', { token });
    assert.deepEqual(answer.body, {}, 'the old token no longer opens a session');
    await openTempPrompt('signed-out.prompt', 'Hi {{name}}\n');
    const status = await api.team.refreshStatus();
    assert.deepEqual(status.state, { kind: 'signed-out' });
    assert.match(status.text, /signed out/);
  });
});

/** Resolves when an editor tab labelled `label` opens (the Settings editor's tab reads "Settings"). */
function nextTabLabelled(label: string): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.window.tabGroups.onDidChangeTabs((event) => {
      if ([...event.opened, ...event.changed].some((tab) => tab.label === label)) {
        subscription.dispose();
        resolve();
      }
    });
  });
}
