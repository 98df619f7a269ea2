import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, withCursor } from './support/cursor.ts';
import { FRONTMATTER } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';
import { findProvider } from '@pydantic/genai-prices';
import { FEATURED_MODEL_IDS } from '@promptstack/core/models/curatedModels';

describe('completion', () => {
  let client: LspClient;
  let counter = 0;
  before(async () => {
    client = await LspClient.start();
    client.writeFile('_footer.prompt', 'Thanks, {{name}}.');
  });
  after(() => client.stop());

  /** Opens the marked fixture as a new file and asks for completion at the cursor. */
  async function complete(marked: string, marker?: string): Promise<{ items: CompletionItem[]; text: string }> {
    const { text, position } = withCursor(marked, marker);
    const uri = client.uri(`completion-${counter++}.prompt`);
    await client.open(uri, text);
    const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return { items, text };
  }

  function item(items: CompletionItem[], label: string): CompletionItem {
    const found = items.find((i) => i.label === label);
    assert.ok(found, `no '${label}' among ${items.map((i) => i.label).join(', ')}`);
    return found;
  }

  function labels(items: CompletionItem[]): string[] {
    return items.map((i) => String(i.label));
  }

  it('offers declared input fields with type and description, replacing only the typed word', async () => {
    const { items, text } = await complete(`${FRONTMATTER}Hello {{na|}}`);
    const name = item(items, 'name');
    assert.equal(name.detail, 'string');
    assert.match(JSON.stringify(name.documentation), /the reader's name/);
    assert.match(JSON.stringify(name.documentation), /Ada/);
    assert.equal(applyEdits(text, [name.textEdit as TextEdit]), `${FRONTMATTER}Hello {{name}}`);
    const user = item(items, 'user');
    assert.equal(applyEdits(text, [user.textEdit as TextEdit]), `${FRONTMATTER}Hello {{user}}`);
  });

  it('offers the children of an object after a dot', async () => {
    const { items } = await complete(`${FRONTMATTER}{{user.|}}`);
    assert.deepEqual(labels(items).sort(), ['age', 'email']);
    assert.equal(item(items, 'age').detail, 'integer?');
  });

  it('offers the item fields and loop variables inside each', async () => {
    const { items } = await complete(`${FRONTMATTER}{{#each items}}{{|}}{{/each}}`);
    for (const label of ['title', 'price', 'this', '@index', '@first', '@last']) item(items, label);
    assert.ok(!labels(items).includes('name'), 'root fields are not plain names inside each');
  });

  it('offers the fields of a block parameter', async () => {
    const { items } = await complete(`${FRONTMATTER}{{#each items as |entry|}}{{entry.^}}{{/each}}`, '^');
    assert.deepEqual(labels(items).sort(), ['price', 'title']);
    const outer = await complete(`${FRONTMATTER}{{#each items as |entry|}}{{^}}{{/each}}`, '^');
    item(outer.items, 'entry');
  });

  it('offers root fields through @root and ../ inside each', async () => {
    const root = await complete(`${FRONTMATTER}{{#each items}}{{@root.|}}{{/each}}`);
    item(root.items, 'name');
    const parent = await complete(`${FRONTMATTER}{{#each items}}{{../|}}{{/each}}`);
    item(parent.items, 'user');
  });

  it('offers helpers as snippets, block helpers after #', async () => {
    const plain = await complete(`${FRONTMATTER}{{ro|}}`);
    const role = item(plain.items, 'role');
    assert.equal(role.insertTextFormat, 2);
    assert.match((role.textEdit as TextEdit).newText, /^role "\$\{1\|system,user,model\|\}"/);
    const block = await complete(`${FRONTMATTER}{{#|}}`);
    const each = item(block.items, 'each');
    // The tag's own `}}` closes the snippet's `{{/each`.
    assert.equal(applyEdits(block.text, [each.textEdit as TextEdit]), `${FRONTMATTER}{{#each \${1:items}}}\n\t$0\n{{/each}}`);
    const unclosed = await complete(`${FRONTMATTER}{{#|`);
    assert.equal(applyEdits(unclosed.text, [item(unclosed.items, 'each').textEdit as TextEdit]), `${FRONTMATTER}{{#each \${1:items}}}\n\t$0\n{{/each}}`);
    for (const label of ['if', 'unless', 'with', 'ifEquals', 'unlessEquals']) item(block.items, label);
    assert.ok(!labels(block.items).includes('role'), 'role is not a block helper');
  });

  it('offers the fields of the object a with block enters, and the block to close after {{/', async () => {
    const inside = await complete(`${FRONTMATTER}{{#with user}}{{|}}{{/with}}`);
    for (const label of ['email', 'age', 'this']) item(inside.items, label);
    assert.ok(!labels(inside.items).includes('@index'), '@index exists only in each');
    const close = await complete(`${FRONTMATTER}{{#each items}}{{#if price}}x{{/|`);
    assert.equal(applyEdits(close.text, [item(close.items, 'if').textEdit as TextEdit]), `${FRONTMATTER}{{#each items}}{{#if price}}x{{/if}}`);
  });

  it('offers the partials found beside the file after {{>', async () => {
    const { items, text } = await complete(`${FRONTMATTER}{{> fo|}}`);
    const footer = item(items, 'footer');
    assert.equal(applyEdits(text, [footer.textEdit as TextEdit]), `${FRONTMATTER}{{> footer}}`);
  });

  it('offers the top-level keys not yet written in the frontmatter', async () => {
    const { items } = await complete(`---\nmodel: openai/gpt-4o\n|\n---\nHi`);
    for (const label of ['config', 'input', 'output', 'tools', 'name']) item(items, label);
    assert.ok(!labels(items).includes('model'), 'model is already written');
    assert.ok(!labels(items).includes('temperature'), 'config keys belong under config');
  });

  it('offers config keys under config:', async () => {
    const { items } = await complete(`---\nconfig:\n  temperature: 1\n  |\n---\nHi`);
    for (const label of ['topP', 'topK', 'maxOutputTokens', 'stopSequences']) item(items, label);
    assert.ok(!labels(items).includes('temperature'));
  });

  it('offers qualified model ids with context window and price after model:', async () => {
    const { items, text } = await complete(`---\nmodel: |\n---\nHi`);
    const gpt4o = item(items, 'openai/gpt-4o');
    assert.match(gpt4o.detail ?? '', /128K context/);
    assert.match(gpt4o.detail ?? '', /\$2\.5\/\$10 per 1M/);
    item(items, 'anthropic/claude-3-haiku-20240307');
    assert.equal(applyEdits(text, [gpt4o.textEdit as TextEdit]), `---\nmodel: openai/gpt-4o\n---\nHi`);
    const typed = await complete(`---\nmodel: openai/gp|\n---\nHi`);
    assert.equal(applyEdits(typed.text, [item(typed.items, 'openai/gpt-4o').textEdit as TextEdit]), `---\nmodel: openai/gpt-4o\n---\nHi`);
  });

  it("offers today's models first and every model the price data knows for OpenAI, Anthropic and Gemini", async () => {
    const { items } = await complete(`---\nmodel: |\n---\nHi`);
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(labels(sorted.slice(0, FEATURED_MODEL_IDS.length)), FEATURED_MODEL_IDS);
    for (const id of ['openai/gpt-5', 'openai/o3', 'openai/o4-mini', 'anthropic/claude-opus-4-5', 'googleai/gemini-2.5-pro']) {
      assert.ok(FEATURED_MODEL_IDS.includes(id), `${id} is among the first`);
    }
    const prices = { openai: 'openai', anthropic: 'anthropic', googleai: 'google' } as const;
    for (const [prefix, source] of Object.entries(prices)) {
      for (const model of findProvider({ providerId: source })!.models) {
        if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(model.id) || (prefix === 'googleai' && model.id.startsWith('claude'))) continue;
        // Offered under its own id, or under the catalog id it is an alias of.
        const offered = items.some((i) => String(i.label).startsWith(`${prefix}/`) && (i.filterText ?? '').split(' ').includes(model.id));
        assert.ok(offered, `${prefix}/${model.id}`);
      }
    }
    assert.match(item(items, 'googleai/gemini-2.5-pro').detail ?? '', /\$1\.25\/\$10 per 1M/);
  });

  it('offers nothing in plain body text', async () => {
    const { items } = await complete(`${FRONTMATTER}Hello th|ere`);
    assert.deepEqual(items, []);
  });
});
