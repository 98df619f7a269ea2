import assert from 'node:assert/strict';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { BODY, FRONTMATTER, positionOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

const SYNTAX = 'handlebars-syntax';
const hasSyntaxError = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === SYNTAX);
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).sort();

describe('diagnostics while typing', () => {
  let client: LspClient;
  let counter = 0;
  before(async () => {
    // Long enough that the test's next keystroke lands well inside the pause.
    client = await LspClient.start({ diagnosticsDelayMs: 150 });
  });
  after(() => client.stop());

  /** Opens `text` and waits for its first diagnostics. */
  async function open(text: string): Promise<string> {
    const uri = client.uri(`typing-${counter++}.prompt`);
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, text);
    await published;
    return uri;
  }

  /** Inserts `text` at `at` as an editor keystroke would (an incremental change). */
  async function type(uri: string, version: number, at: Range['start'], text: string): Promise<void> {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text }],
    });
  }

  it('holds back the syntax error of a `{{` being typed until the user pauses, publishing the rest at once', async () => {
    const text = `${FRONTMATTER}${BODY}Also {{city}}.\n`;
    const uri = await open(text);
    const end = positionOf(text, 'Also {{city}}.\n', 'Also {{city}}.\n'.length);
    const first = client.diagnosticsFor(uri, 2);
    await type(uri, 2, end, '{{');
    // The first publish of the edit: the undeclared variable, not the error at the cursor.
    assert.deepEqual(codes((await first).diagnostics), ['undeclared-variable']);
    // After the pause, the unfinished mustache is reported where it starts.
    const paused = await client.diagnostics(uri, (p) => p.version === 2 && hasSyntaxError(p));
    const error = paused.diagnostics.find((d) => d.code === SYNTAX)!;
    assert.deepEqual(error.range.start, end);
    assert.deepEqual(codes(paused.diagnostics), [SYNTAX, 'undeclared-variable']);
  });

  it('holds back the error of an auto-closed `{{}}` typed in the middle of the body', async () => {
    const text = FRONTMATTER + BODY;
    const uri = await open(text);
    const at = positionOf(text, 'You help');
    const first = client.diagnosticsFor(uri, 2);
    await type(uri, 2, at, '{{}}');
    assert.equal(hasSyntaxError(await first), false, JSON.stringify((await first).diagnostics));
    const paused = await client.diagnostics(uri, (p) => p.version === 2 && hasSyntaxError(p));
    assert.equal(paused.diagnostics.find((d) => d.code === SYNTAX)!.range.start.line, at.line);
  });

  it('never shows the held error when the next keystrokes finish the mustache', async () => {
    const text = `${FRONTMATTER}${BODY}`;
    const uri = await open(text);
    const end = positionOf(text, BODY, BODY.length);
    const seen: PublishDiagnosticsParams[] = [];
    // Records every publish for the document until version 3's.
    const finished = client.diagnostics(uri, (p) => {
      seen.push(p);
      return p.version === 3;
    });
    const first = client.diagnosticsFor(uri, 2);
    await type(uri, 2, end, '{{');
    await first;
    await type(uri, 3, { line: end.line, character: end.character + 2 }, 'name}}');
    assert.deepEqual((await finished).diagnostics, []);
    assert.deepEqual(
      seen.filter(hasSyntaxError).map((p) => p.version),
      [],
    );
  });

  it('publishes at once a syntax error in a tag that is already closed', async () => {
    const text = FRONTMATTER + BODY;
    const uri = await open(text);
    const end = positionOf(text, BODY, BODY.length);
    const first = client.diagnosticsFor(uri, 2);
    await type(uri, 2, end, '{{/if}}');
    assert.equal(hasSyntaxError(await first), true);
  });
});
