import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from './support/cursor.ts';
import { rangeOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

const PICO = `---
model: openai/gpt-4o
output:
  format: json
  schema:
    title: string
    rating?: integer, one to five
    tags(array):
      label: string
      weight?: number
---
Review {{product}}.
`;

const JSON_SCHEMA = `---
model: openai/gpt-4o
output:
  format: json
  schema:
    type: object
    properties:
      title:
        type: string
      rating:
        type: integer
        maxLength: 3
---
Review it.
`;

const STRICT = `---
model: openai/gpt-4o
output:
  format: json
  schema:
    type: object
    properties:
      title: { type: string }
    required: [title]
    additionalProperties: false
---
Review it.
`;

describe('output.schema and strict mode', () => {
  let client: LspClient;
  let counter = 0;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = client.uri(`schema-${counter++}.prompt`);
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, text);
    return { uri, diagnostics: (await published).diagnostics.filter((d) => d.code === 'output-schema-not-strict') };
  }

  async function fix(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction | undefined> {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics, only: ['quickfix'] },
    });
    return actions.find((a) => a.title === 'Make output.schema strict-compatible');
  }

  it('marks each optional Picoschema field as information on its key, and the fix makes them required', async () => {
    const { uri, diagnostics } = await open(PICO);
    assert.equal(diagnostics.length, 2);
    assert.ok(diagnostics.every((d) => d.severity === 3 && d.source === 'promptstack'));
    assert.deepEqual(
      diagnostics.map((d) => d.range),
      [rangeOf(PICO, 'rating?'), rangeOf(PICO, 'weight?')],
    );
    assert.match(String(diagnostics[0]!.message), /'rating' must be required/);
    assert.match(String(diagnostics[1]!.message), /properties\/tags\/items\/properties\/weight/);
    const action = await fix(uri, diagnostics);
    assert.ok(action);
    const fixed = applyEdits(PICO, action.edit!.changes![uri]!);
    assert.equal(fixed, PICO.replace('rating?:', 'rating:').replace('weight?:', 'weight:'));
    // The fixed file has nothing left to report.
    assert.deepEqual((await open(fixed)).diagnostics, []);
  });

  it('reports an open object, optional properties and an unsupported keyword in JSON Schema at their keys', async () => {
    const { uri, diagnostics } = await open(JSON_SCHEMA);
    const ranges = diagnostics.map((d) => JSON.stringify(d.range)).sort();
    const expected = [rangeOf(JSON_SCHEMA, 'schema'), rangeOf(JSON_SCHEMA, 'title'), rangeOf(JSON_SCHEMA, 'rating'), rangeOf(JSON_SCHEMA, 'maxLength')];
    assert.deepEqual(ranges, expected.map((r) => JSON.stringify(r)).sort());
    assert.ok(diagnostics.some((d) => /additionalProperties: false/.test(String(d.message))));
    assert.ok(diagnostics.some((d) => /'maxLength'/.test(String(d.message))));

    const action = await fix(uri, diagnostics);
    assert.ok(action);
    const fixed = applyEdits(JSON_SCHEMA, action.edit!.changes![uri]!);
    assert.match(fixed, /additionalProperties: false/);
    assert.match(fixed, /required: \[ title, rating \]/);
    assert.match(fixed, /type: \[ string, "?null"? \]/);
    // What the fix cannot remove without changing what validates stays reported, alone.
    const left = (await open(fixed)).diagnostics;
    assert.equal(left.length, 1);
    assert.match(String(left[0]!.message), /'maxLength'/);
  });

  it('says nothing about a schema strict mode takes, or a prompt without one', async () => {
    assert.deepEqual((await open(STRICT)).diagnostics, []);
    assert.deepEqual((await open('---\nmodel: openai/gpt-4o\n---\nHi')).diagnostics, []);
  });
});
