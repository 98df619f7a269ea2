/**
 * A new account links its first file against the real backend: its only workspace has no
 * project, so the link flow asks for a project name and creates it instead of stopping.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import { readLinkedId } from '@promptstack/core/format/syncFields';
import { activateExtension } from './helpers.ts';
import { createBackendUser, openTempPrompt, ScriptedUi, useTestBackend, type BackendUser } from './syncSupport.ts';

describe('first link on the backend: a new account creates its project from the link flow', function () {
  this.timeout(60_000);
  let api: PromptStackApi;
  let newcomer: BackendUser;

  before(async () => {
    api = await activateExtension();
    await useTestBackend();
    newcomer = await createBackendUser('Newcomer');
    await api.team.signInWithPassword(newcomer.email, newcomer.password);
  });
  after(() => api?.team.setUi(undefined));

  it('asks for a project name when the workspace has none, creates it and links the file into it', async () => {
    const workspaces = await newcomer.client.workspaces.list.query();
    assert.equal(workspaces.length, 1, 'sign-up made one personal workspace');
    assert.deepEqual(await newcomer.client.projects.list.query({ workspaceId: workspaces[0]!.id }), []);
    const document = await openTempPrompt('hello.prompt', '---\nmodel: openai/gpt-4o-mini\n---\nHello {{name}}\n');
    const ui = new ScriptedUi().typing('First project', 'Hello').picking('Create a new prompt');
    api.team.setUi(ui.ui());
    const linked = (await vscode.commands.executeCommand('promptstack.link', document.uri)) as { promptId: string; created: boolean } | undefined;
    assert.deepEqual(ui.errors, []);
    assert.ok(linked?.created, 'the file became version 1 of a new prompt');
    assert.match(ui.asked[0] ?? '', /has no projects yet: create one/);
    const projects = await newcomer.client.projects.list.query({ workspaceId: workspaces[0]!.id });
    assert.deepEqual(
      projects.map((p) => p.name),
      ['First project'],
    );
    const prompt = await newcomer.client.prompts.get.query({ id: linked.promptId });
    assert.equal(prompt.projectId, projects[0]!.id);
    assert.equal(readLinkedId(document.getText()), linked.promptId);
  });
});
