import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from './support/cursor.ts';
import { BODY, FRONTMATTER } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

describe('quick fixes', () => {
  let client: LspClient;
  let counter = 0;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  /** Opens `text`, waits for its diagnostics and asks for the fixes of the one with `code`. */
  async function fixes(text: string, code: string): Promise<{ actions: CodeAction[]; uri: string }> {
    const uri = client.uri(`fix-${counter++}.prompt`);
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, text);
    const diagnostic = (await published).diagnostics.find((d: Diagnostic) => d.code === code);
    assert.ok(diagnostic, `no ${code} diagnostic`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return { actions, uri };
  }

  function apply(text: string, action: CodeAction, uri: string): string {
    return applyEdits(text, action.edit?.changes?.[uri] ?? []);
  }

  it('declares an undeclared variable as a Picoschema string at the schema indentation', async () => {
    const text = `${FRONTMATTER}${BODY}From {{city}}.`;
    const { actions, uri } = await fixes(text, 'undeclared-variable');
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.title, "Declare 'city' in input.schema");
    const fixed = apply(text, actions[0]!, uri);
    assert.equal(fixed, text.replace('      price: number\n', '      price: number\n    city: string\n'));
  });

  it('declares an undeclared item field inside the array item schema', async () => {
    const text = `${FRONTMATTER}${BODY}{{#each items}}{{color}}{{/each}}`;
    const { actions, uri } = await fixes(text, 'undeclared-variable');
    assert.equal(actions[0]!.title, "Declare 'color' in 'items'");
    assert.equal(apply(text, actions[0]!, uri), text.replace('      price: number\n', '      price: number\n      color: string\n'));
  });

  it('corrects a misspelt variable to the declared name first, and still offers to declare it', async () => {
    const text = `${FRONTMATTER}${BODY}{{#each items}}{{this.titel}}{{/each}}`;
    const { actions, uri } = await fixes(text, 'undeclared-variable');
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        ["Change to 'title'", true],
        ["Declare 'titel' in 'items'", false],
      ],
    );
    assert.equal(apply(text, actions[0]!, uri), `${FRONTMATTER}${BODY}{{#each items}}{{this.title}}{{/each}}`);
  });

  it('declares a variable as a JSON Schema property when the schema is JSON Schema', async () => {
    const text = '---\ninput:\n  schema:\n    type: object\n    properties:\n      name:\n        type: string\n---\n{{name}} in {{city}}';
    const { actions, uri } = await fixes(text, 'undeclared-variable');
    const fixed = apply(text, actions[0]!, uri);
    assert.equal(fixed, text.replace('        type: string\n', '        type: string\n      city:\n        type: string\n'));
  });

  it('replaces an unknown model with each of the nearest known ids', async () => {
    const text = FRONTMATTER.replace('openai/gpt-4o', 'openai/gpt-4oo') + BODY;
    const { actions, uri } = await fixes(text, 'unknown-model');
    assert.ok(actions.length >= 2);
    assert.equal(actions[0]!.title, "Replace with 'openai/gpt-4o'");
    assert.equal(actions[0]!.isPreferred, true);
    assert.equal(apply(text, actions[0]!, uri), FRONTMATTER + BODY);
    for (const action of actions) assert.match(apply(text, action, uri), /^---\nmodel: openai\/[\w.-]+\n/);
  });

  it('corrects a misspelt type in a JSON Schema input to the type it most likely means', async () => {
    const text = '---\ninput:\n  schema:\n    type: object\n    properties:\n      name: { type: "strng" }\n---\nHi {{name}}';
    const { actions, uri } = await fixes(text, 'invalid-json-schema');
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [["Change to 'string'", true]],
    );
    assert.equal(apply(text, actions[0]!, uri), text.replace('"strng"', '"string"'));
  });

  it('keeps the quotes around a quoted model id', async () => {
    const text = FRONTMATTER.replace('model: openai/gpt-4o', 'model: "openai/gpt-4oo"') + BODY;
    const { actions, uri } = await fixes(text, 'unknown-model');
    assert.equal(apply(text, actions[0]!, uri), FRONTMATTER.replace('model: openai/gpt-4o', 'model: "openai/gpt-4o"') + BODY);
  });
});
