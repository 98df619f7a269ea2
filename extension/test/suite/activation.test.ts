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

  it('registers the PromptStack commands', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('promptstack.showOutput'), 'promptstack.showOutput is registered');
    assert.ok(commands.includes('promptstack.restartLanguageServer'), 'promptstack.restartLanguageServer is registered');
  });

  it('runs promptstack.showOutput without error', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('promptstack.showOutput');
  });
});
