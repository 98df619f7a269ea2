/**
 * The API key commands in the real extension host, against the backend the runner started: an
 * admin creates a key (its secret shown once, in a modal), lists and revokes it; the key works on
 * the backend until it is revoked. The secret never comes back from a command.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import { activateExtension } from './helpers.ts';
import { createBackendUser, rest, ScriptedUi, useTestBackend, type BackendUser } from './syncSupport.ts';

describe('backend: API key commands', function () {
  this.timeout(60_000);
  let api: PromptStackApi;
  let admin: BackendUser;
  let projectId: string;

  before(async () => {
    api = await activateExtension();
    await useTestBackend();
    admin = await createBackendUser('Kay');
    const workspaceId = (await rest('/api/workspaces', { token: admin.token })).body[0].id as string;
    projectId = (await rest('/api/projects', { method: 'POST', token: admin.token, json: { workspaceId, name: 'Support' } })).body.id as string;
    await api.team.signInWithPassword(admin.email, admin.password);
  });
  after(async () => {
    api.team.setUi(undefined);
    if (api.team.token()) await vscode.commands.executeCommand('promptstack.signOut');
  });

  it('creates a key shown once in a modal, lists it without the secret, and revokes it', async () => {
    let shown: { message: string; modal?: boolean; detail?: string } | undefined;
    const ui = new ScriptedUi().typing('ci push').picking('CI: read and push', 'Support');
    const scripted = ui.ui();
    api.team.setUi({
      ...scripted,
      choose: async (message, options) => {
        shown = { message, ...options };
        return undefined; // dismissed without copying
      },
    });
    const created = (await vscode.commands.executeCommand('promptstack.createApiKey')) as Record<string, unknown> | undefined;
    assert.ok(created, `no key; errors: ${ui.errors.join('; ')}`);
    assert.equal(created.key, undefined, 'the command never returns the secret');
    assert.deepEqual(created.scopes, ['prompts:read', 'prompts:write']);
    assert.equal(created.projectId, projectId);
    assert.ok(shown?.modal, 'the secret is shown in a modal');
    assert.match(shown.message, /shown only this once/);
    const key = shown.detail!;
    assert.match(key, /^psk_[A-Za-z0-9_-]{43}$/);
    assert.equal((await rest(`/api/prompts?projectId=${projectId}`, { token: key })).status, 200);

    const listing = new ScriptedUi().picking('ci push').choosing('Cancel');
    api.team.setUi(listing.ui());
    const listed = (await vscode.commands.executeCommand('promptstack.listApiKeys')) as Array<Record<string, unknown>>;
    assert.deepEqual(
      listed.map((k) => [k.name, k.prefix, k.revoked]),
      [['ci push', key.slice(0, 12), false]],
    );
    assert.ok(!JSON.stringify(listed).includes(key), 'no secret in the list');

    const revoking = new ScriptedUi().picking('ci push').choosing('Revoke');
    api.team.setUi(revoking.ui());
    const revoked = (await vscode.commands.executeCommand('promptstack.revokeApiKey')) as Record<string, unknown> | undefined;
    assert.equal(revoked?.revoked, true, `errors: ${revoking.errors.join('; ')}`);
    assert.equal((await rest(`/api/prompts?projectId=${projectId}`, { token: key })).status, 401);
  });
});
