import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { BODY, FRONTMATTER, positionOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

describe('hover', () => {
  const text = FRONTMATTER + BODY;
  let client: LspClient;
  let uri: string;
  before(async () => {
    client = await LspClient.start();
    uri = client.uri('hover.prompt');
    await client.open(uri, text);
  });
  after(() => client.stop());

  async function hoverAt(needle: string, shift = 1, nth = 0): Promise<Hover> {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, shift, nth) });
    assert.ok(hover, `no hover on '${needle}'`);
    return hover;
  }

  const value = (hover: Hover) => (hover.contents as MarkupContent).value;

  it('shows a variable with its type, description, default and declaration line', async () => {
    const hover = await hoverAt('{{name}}', 3);
    assert.match(value(hover), /\*\*name\*\*: `string`/);
    assert.match(value(hover), /the reader's name/);
    assert.match(value(hover), /Default: `"Ada"`/);
    assert.match(value(hover), /line 7/);
    const start = positionOf(text, '{{name}}', 2);
    assert.deepEqual(hover.range, { start, end: { line: start.line, character: start.character + 4 } });
  });

  it('shows an item field inside each from the array item schema', async () => {
    const hover = await hoverAt('{{price}}', 3);
    assert.match(value(hover), /\*\*items\.price\*\*: `number`/);
  });

  it('shows a model with provider, context window, limits and prices', async () => {
    const hover = await hoverAt('openai/gpt-4o', 8);
    assert.match(value(hover), /GPT-4o/);
    assert.match(value(hover), /Provider: openai/);
    assert.match(value(hover), /128,000 tokens/);
    assert.match(value(hover), /16,384 tokens/);
    assert.match(value(hover), /\$2\.50 \/ \$10\.00 per 1M/);
    assert.match(value(hover), /cached input \$1\.250/);
  });

  it("shows a Gemini model's long-prompt price", async () => {
    const gemini = FRONTMATTER.replace('openai/gpt-4o', 'googleai/gemini-2.5-pro') + BODY;
    const geminiUri = client.uri('hover-gemini.prompt');
    await client.open(geminiUri, gemini);
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: geminiUri },
      position: positionOf(gemini, 'googleai/gemini', 8),
    });
    assert.match(value(hover!), /Gemini 2\.5 Pro/);
    assert.match(value(hover!), /\$1\.25 \/ \$10\.00 per 1M/);
    assert.match(value(hover!), /above 200K input tokens \$2\.50 \/ \$15\.00/);
  });

  it('shows a helper with its signature and description', async () => {
    const hover = await hoverAt('#each', 2);
    assert.match(value(hover), /\{\{#each list/);
    assert.match(value(hover), /once per item/);
  });

  it('shows what a frontmatter key means', async () => {
    const hover = await hoverAt('temperature', 2);
    assert.match(value(hover), /Sampling temperature/);
  });

  it('returns nothing on plain text', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'You help', 2) });
    assert.equal(hover, null);
  });
});
