import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateWithServer, codeOf, openFixture, positionOf, waitForDiagnostics } from './helpers.ts';

const PROMPT = `---
model: openai/gpt-4o
input:
  schema:
    name: string
---
Hello {{name}}.
 {{city}}
`;

describe('diagnostics while typing in the editor', () => {
  before(async () => {
    await openFixture('greeting.prompt');
    await activateWithServer();
  });
  after(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('shows no syntax error at a `{{` while it is typed, and shows it once the user pauses', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'dotprompt', content: PROMPT });
    const editor = await vscode.window.showTextDocument(document);
    const isUndeclared = (d: vscode.Diagnostic) => codeOf(d) === 'undeclared-variable';
    const isSyntax = (d: vscode.Diagnostic) => codeOf(d) === 'handlebars-syntax';
    const before = (await waitForDiagnostics(document.uri, (all) => all.some(isUndeclared))).find(isUndeclared)!;

    // Before a space, VS Code auto-closes the pair: typing `{{` leaves `{{|}}`.
    const at = positionOf(document, ' {{city}}');
    editor.selection = new vscode.Selection(at, at);
    const seen: vscode.Diagnostic[][] = [];
    const recording = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.toString() === document.uri.toString())) seen.push(vscode.languages.getDiagnostics(document.uri));
    });
    await vscode.commands.executeCommand('type', { text: '{' });
    await vscode.commands.executeCommand('type', { text: '{' });
    assert.equal(document.lineAt(at.line).text, '{{}} {{city}}');

    const paused = await waitForDiagnostics(document.uri, (all) => all.some(isSyntax));
    recording.dispose();
    // The first diagnostics after the keystrokes already reflect the edit (the variable moved) but hold the error back.
    const first = seen[0]!;
    assert.ok(first, 'diagnostics were published after the edit');
    assert.deepEqual(first.filter(isSyntax), []);
    assert.ok(first.find(isUndeclared)!.range.start.character > before.range.start.character, 'the first publish is for the edited text');
    assert.equal(paused.find(isSyntax)!.range.start.line, at.line);
  });
});
