import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateWithServer, codeOf, hoverText, openFixture, positionOf, waitForDiagnostics } from './helpers.ts';

describe('language features over the real language server', () => {
  before(async () => {
    await openFixture('greeting.prompt');
    await activateWithServer();
  });

  it('reports an undeclared variable at its position with code undeclared-variable', async () => {
    const document = await openFixture('undeclared.prompt');
    const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some((d) => codeOf(d) === 'undeclared-variable'));
    const undeclared = diagnostics.filter((d) => codeOf(d) === 'undeclared-variable');
    assert.equal(undeclared.length, 1, `one undeclared-variable diagnostic, got ${JSON.stringify(diagnostics.map((d) => d.message))}`);
    const [diagnostic] = undeclared;
    const start = positionOf(document, '{{orderId}}', 2);
    assert.equal(diagnostic!.range.start.line, start.line);
    assert.equal(diagnostic!.range.start.character, start.character);
    assert.equal(document.getText(diagnostic!.range), 'orderId');
    assert.equal(diagnostic!.source, 'promptstack');
    assert.match(diagnostic!.message, /orderId/);
  });

  it('completes declared input fields inside {{ }}', async () => {
    const document = await openFixture('greeting.prompt');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      positionOf(document, '{{name}}', 2),
    );
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('name'), `completions include name: ${labels.join(', ')}`);
    assert.ok(labels.includes('tone'), `completions include tone: ${labels.join(', ')}`);
  });

  it('shows the declared type and description when hovering an input variable', async () => {
    const document = await openFixture('greeting.prompt');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '{{name}}', 3));
    assert.ok(hovers.length > 0, 'a hover for {{name}}');
    const text = hovers.map(hoverText).join('\n');
    assert.match(text, /name/);
    assert.match(text, /string/);
    assert.match(text, /the person to greet/);
  });
});

describe('promptstack.restartLanguageServer', () => {
  it('brings the server back and it reports diagnostics again', async () => {
    await activateWithServer();
    const document = await openFixture('undeclared.prompt');
    // The client clears its diagnostics when the old server stops, so any found afterwards are the new server's.
    await vscode.commands.executeCommand('promptstack.restartLanguageServer');
    const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some((d) => codeOf(d) === 'undeclared-variable'));
    assert.ok(diagnostics.some((d) => document.getText(d.range) === 'orderId'));
  });
});
