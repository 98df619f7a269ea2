import assert from 'node:assert/strict';
import type { DocumentSymbol, Location } from 'vscode-languageserver-protocol';
import { BODY, FRONTMATTER, positionOf, rangeOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

describe('definition and document symbols', () => {
  const text = `${FRONTMATTER}${BODY}{{> footer}}\n`;
  let client: LspClient;
  let uri: string;
  let footerUri: string;
  before(async () => {
    client = await LspClient.start();
    footerUri = client.writeFile('_footer.prompt', 'Thanks, {{name}}.');
    uri = client.writeFile('main.prompt', text);
    await client.open(uri, text);
  });
  after(() => client.stop());

  const definitionAt = (needle: string, shift: number, nth = 0) =>
    client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, needle, shift, nth) });

  it('goes from a partial reference to the partial file beside it', async () => {
    const location = await definitionAt('footer}}', 2);
    assert.equal(location?.uri, footerUri);
  });

  it('goes from a variable to its key in input.schema', async () => {
    const location = await definitionAt('{{name}}', 3);
    assert.equal(location?.uri, uri);
    assert.equal(location?.range.start.line, rangeOf(text, 'name: string').start.line);
    const item = await definitionAt('{{title}}', 3);
    assert.equal(item?.range.start.line, rangeOf(text, 'title: string').start.line);
  });

  it('lists frontmatter keys nested, input fields with types, and body blocks and roles', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((s) => s.name);
    for (const name of ['model', 'config', 'input', 'role "system"', '#each items']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    const config = symbols.find((s) => s.name === 'config')!;
    assert.deepEqual(
      config.children?.map((c) => c.name),
      ['temperature'],
    );
    const schema = symbols.find((s) => s.name === 'input')!.children!.find((c) => c.name === 'schema')!;
    assert.deepEqual(
      schema.children?.map((c) => `${c.name}: ${c.detail}`),
      ['name: string', 'user: object', 'items: array<object>'],
    );
    assert.deepEqual(
      schema.children?.find((c) => c.name === 'user')?.children?.map((c) => c.name),
      ['email', 'age'],
    );
    const each = symbols.find((s) => s.name === '#each items')!;
    assert.equal(each.range.start.line, rangeOf(text, '{{#each').start.line);
    assert.equal(each.range.end.line, rangeOf(text, '{{/each}}').start.line);
  });
});
