import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse as parseHandlebars } from '@handlebars/parser';
import { parseDocument } from 'yaml';

interface LanguageConfiguration {
  comments: { blockComment: [string, string] };
  autoClosingPairs: Array<{ open: string; close: string }>;
  folding: { markers: { start: string; end: string } };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
}

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

async function readJson<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(new URL(`../${name}`, import.meta.url), 'utf8')) as T;
}

/** Expands a snippet body as VS Code would with every placeholder left at its default. */
function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '');
}

/** Splits `---` frontmatter off as Dotprompt does. */
function splitFrontmatter(text: string): { frontmatter?: string; body: string } {
  const match = /^---\s*\n([\s\S]*?)\n---\s*\n([\s\S]*)$/.exec(text);
  return match ? { frontmatter: match[1], body: match[2] ?? '' } : { body: text };
}

describe('language configuration', () => {
  let config: LanguageConfiguration;
  before(async () => {
    config = await readJson<LanguageConfiguration>('language-configuration.json');
  });

  it('toggles comments as Handlebars block comments', () => {
    assert.deepEqual(config.comments.blockComment, ['{{!--', '--}}']);
  });

  it('auto-closes {{ with }}', () => {
    assert.ok(config.autoClosingPairs.some((p) => p.open === '{{' && p.close === '}}'));
  });

  const folding: Array<[string, 'start' | 'end' | 'none']> = [
    ['{{#each items}}', 'start'],
    ['  {{~#if ready~}}', 'start'],
    ['{{^missing}}', 'start'],
    ['{{^}}', 'none'],
    ['{{#if x}}inline{{/if}}', 'none'],
    ['{{/each}}', 'end'],
    ['  {{~/if}}', 'end'],
    ['Hello {{name}}', 'none'],
  ];
  for (const [line, expected] of folding) {
    it(`treats ${JSON.stringify(line)} as folding ${expected}`, () => {
      const start = new RegExp(config.folding.markers.start).test(line);
      const end = new RegExp(config.folding.markers.end).test(line);
      assert.equal(start ? 'start' : end ? 'end' : 'none', expected);
    });
  }

  // VS Code (editor.minimap.showRegionSectionHeaders) labels a minimap section with whatever text on
  // a folding-start line follows the marker's match; a marker that matches the whole line gives none.
  const openers = ['{{#each orders}}', '  {{~#if ready~}} trailing text', '{{^missing}}', '{{#> layout title="x"}}', '{{#*inline "row"}}'];
  for (const line of openers) {
    it(`folds ${JSON.stringify(line)} without a minimap section header`, () => {
      const match = line.match(new RegExp(config.folding.markers.start));
      assert.ok(match, 'the line starts a folding region');
      assert.equal(line.substring(match[0].length), '', 'no text is left after the marker for a section header');
    });
  }

  // [line, outdents the line itself, indents the lines after it]
  const indentation: Array<[string, boolean, boolean]> = [
    ['{{#each items}}', false, true],
    ['{{^missing}}', false, true],
    ['{{#if x}}yes{{/if}}', false, false],
    ['{{else}}', true, true],
    ['{{else if y}}', true, true],
    ['{{^}}', true, true],
    ['{{/each}}', true, false],
    ['{{name}}', false, false],
  ];
  for (const [line, decrease, increase] of indentation) {
    it(`${decrease ? 'outdents' : 'keeps'} ${JSON.stringify(line)} and ${increase ? 'indents' : 'keeps'} the next line`, () => {
      assert.equal(new RegExp(config.indentationRules.decreaseIndentPattern).test(line), decrease);
      assert.equal(new RegExp(config.indentationRules.increaseIndentPattern).test(line), increase);
    });
  }
});

describe('snippets', () => {
  let snippets: Record<string, Snippet>;
  before(async () => {
    snippets = await readJson<Record<string, Snippet>>('snippets.json');
  });

  it('offers the snippets the extension advertises', () => {
    const prefixes = Object.values(snippets).flatMap((s) => s.prefix);
    for (const wanted of ['prompt', 'each', 'if', 'role', 'section', 'media', 'history', 'partial']) {
      assert.ok(prefixes.includes(wanted), `no snippet with prefix ${wanted}`);
    }
  });

  it('expands every snippet to a prompt that YAML and Handlebars parse without errors', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      const { frontmatter, body } = splitFrontmatter(expandSnippet(snippet.body));
      if (frontmatter !== undefined) {
        const errors = parseDocument(frontmatter).errors.map((e) => e.message);
        assert.deepEqual(errors, [], `snippet ${name} frontmatter`);
      }
      assert.doesNotThrow(() => parseHandlebars(body), `snippet ${name} body`);
    }
  });

  it('gives the new-prompt snippet a frontmatter with a model and an input schema', () => {
    const snippet = snippets['New prompt'];
    assert.ok(snippet);
    const { frontmatter } = splitFrontmatter(expandSnippet(snippet.body));
    assert.ok(frontmatter !== undefined);
    const data = parseDocument(frontmatter).toJS() as { model?: string; input?: { schema?: object } };
    assert.equal(data.model, 'openai/gpt-4o-mini');
    assert.deepEqual(Object.keys(data.input?.schema ?? {}), ['question']);
  });
});
