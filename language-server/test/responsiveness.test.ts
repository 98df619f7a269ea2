import assert from 'node:assert/strict';
import type { CompletionItem, DocumentSymbol } from 'vscode-languageserver-protocol';
import { withCursor } from './support/cursor.ts';
import { FRONTMATTER } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

describe('responsiveness', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ diagnosticsDelayMs: 0 });
  });
  after(() => client.stop());

  it('answers a request on a small document while a 1 MB document is being analysed', async () => {
    const prose = 'The quick brown fox jumps over the lazy dog while the reader keeps on reading this line.\n'.repeat(20);
    const section = `${prose}- {{name}} bought {{#each items}}{{title}} for {{price}}, {{/each}} and wrote to {{user.email}}.\n`;
    const huge = FRONTMATTER + section.repeat(Math.ceil(1_048_576 / section.length));
    const hugeUri = client.uri('huge.prompt');
    const smallUri = client.uri('small.prompt');
    const small = withCursor(`${FRONTMATTER}Hello {{na|}}`);
    await client.open(smallUri, small.text);
    await client.open(hugeUri, huge);

    const order: string[] = [];
    // The outline needs the huge file's analysis; the completion needs only the small one's.
    const outline = client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: hugeUri } }).then((symbols) => {
      order.push('huge');
      return symbols;
    });
    const completion = client
      .request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: smallUri }, position: small.position })
      .then((items) => {
        order.push('small');
        return items;
      });
    const [symbols, items] = await Promise.all([outline, completion]);
    assert.deepEqual(order, ['small', 'huge']);
    assert.ok(items.some((item) => item.label === 'name'));
    assert.ok(symbols.some((symbol) => symbol.name === '#each items'));
    const diagnostics = await client.diagnosticsFor(hugeUri, 1);
    assert.deepEqual(diagnostics.diagnostics, []);
  });
});
