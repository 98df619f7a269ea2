import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/api.ts';
import { activateExtension, activateWithServer, openFixture } from './helpers.ts';

describe('activation', () => {
  it('gives .prompt files the dotprompt language', async () => {
    const document = await openFixture('greeting.prompt');
    assert.equal(document.languageId, 'dotprompt');
  });

  it('activates only for dotprompt files (and its commands)', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents?: string[] } | undefined;
    assert.deepEqual(manifest?.activationEvents, ['onLanguage:dotprompt']);
  });

  it('activates and starts the language server over IPC', async () => {
    await openFixture('greeting.prompt');
    await activateWithServer();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command package.json contributes', async () => {
    await activateExtension();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.includes('promptstack.showOutput'));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'contributed but not registered',
    );
  });
});
