/**
 * Shared set-up of the signed-in run suites (backend runs, backend A/B tests, analytics): a user
 * with a workspace and project on the backend the runner started, that workspace's OpenAI key
 * and base URL pointing at core's local provider server (so the backend's own runner calls it),
 * the extension signed in as that user, and `.prompt` files linked to new backend prompts
 * through the real `promptstack.link` command.
 */
import { startLocalProviderServer, type LocalProviderServer, type ProviderScript } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import { readLinkedId } from '@promptstack/core/format/syncFields';
import { activateExtension } from './helpers.ts';
import { TEST_KEY } from './runTestHelpers.ts';
import { createBackendUser, openTempPrompt, ScriptedUi, useTestBackend, type BackendUser } from './syncSupport.ts';

/** Everything a signed-in run test needs. */
export interface BackendRunWorld {
  api: PromptStackApi;
  user: BackendUser;
  workspaceId: string;
  workspaceName: string;
  projectId: string;
  /** The provider the backend's runs reach (its requests are logged). */
  provider: LocalProviderServer;
  /** Installs a fresh scripted UI and returns it. */
  script(): ScriptedUi;
  close(): Promise<void>;
}

/** Signs up `name`, gives them a workspace whose OpenAI key reaches a local provider, and signs the extension in. */
export async function startBackendRunWorld(name: string, script: ProviderScript = {}): Promise<BackendRunWorld> {
  const api = await activateExtension();
  await useTestBackend();
  const user = await createBackendUser(name);
  const workspaceName = `${name} Team`;
  const workspace = await user.client.workspaces.create.mutate({ name: workspaceName });
  const project = await user.client.projects.create.mutate({ workspaceId: workspace.id, name: `${name} prompts` });
  const provider = await startLocalProviderServer({ apiKey: TEST_KEY, script });
  await user.client.providers.put.mutate({ id: workspace.id, provider: 'openai', apiKey: TEST_KEY, baseUrl: provider.openaiBaseUrl });
  // Local runs (the "run locally" choice) reach the same provider with the same key.
  await vscode.workspace.getConfiguration('promptstack').update('openaiBaseUrl', provider.openaiBaseUrl, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('promptstack.setApiKey', 'openai', TEST_KEY);
  await api.team.signInWithPassword(user.email, user.password);
  return {
    api,
    user,
    workspaceId: workspace.id,
    workspaceName,
    projectId: project.id,
    provider,
    script() {
      const ui = new ScriptedUi();
      api.team.setUi(ui.ui());
      return ui;
    },
    async close() {
      api.team.setUi(undefined);
      await vscode.workspace.getConfiguration('promptstack').update('openaiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      await provider.close();
    },
  };
}

/**
 * Writes `text` to a new `fileName` (after `prepare` filled its folder), links it to a new backend
 * prompt `promptName` (its version 1) and returns both.
 */
export async function linkNewPrompt(
  world: BackendRunWorld,
  fileName: string,
  text: string,
  promptName: string,
  prepare?: (folder: string) => void,
): Promise<{ document: vscode.TextDocument; promptId: string }> {
  const document = await openTempPrompt(fileName, text, prepare);
  const ui = world.script().picking(world.workspaceName, 'Create a new prompt').typing(promptName);
  const linked = (await vscode.commands.executeCommand('promptstack.link', document.uri)) as { promptId: string } | undefined;
  assert.deepEqual(ui.errors, [], 'linking showed no error');
  assert.ok(linked, 'the file was linked');
  assert.equal(readLinkedId(document.getText()), linked.promptId);
  return { document, promptId: linked.promptId };
}
