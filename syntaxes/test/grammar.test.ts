import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describeTokens, tokenize, type Token } from './tokenize.ts';

/**
 * The tokens covering `needle` where it first appears inside the first occurrence of `context`
 * (context defaults to the needle itself), so a case names its token the way a reader finds it.
 */
function tokensCovering(tokens: Token[], text: string, needle: string, context = needle): Token[] {
  const contextAt = text.indexOf(context);
  const inner = context.indexOf(needle);
  assert.ok(contextAt >= 0 && inner >= 0, `fixture lacks ${JSON.stringify(needle)} in ${JSON.stringify(context)}`);
  const offset = contextAt + inner;
  const line = text.slice(0, offset).split('\n').length - 1;
  const column = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const end = column + needle.length;
  return tokens.filter((t) => t.line === line && t.start < end && t.start + t.text.length > column);
}

/** Asserts every token covering the needle carries `scope`, printing the tokens when not. */
function assertScope(tokens: Token[], text: string, needle: string, context: string, scope: string): void {
  const covering = tokensCovering(tokens, text, needle, context);
  assert.ok(covering.length > 0, `no token covers ${JSON.stringify(needle)}`);
  for (const token of covering) {
    assert.ok(token.scopes.includes(scope), `${JSON.stringify(needle)} lacks ${scope}:\n${describeTokens(covering)}`);
  }
}

const fixtureUrl = new URL('./fixtures/support-agent.prompt', import.meta.url);

describe('dotprompt grammar on a full prompt file', () => {
  let text = '';
  let tokens: Token[] = [];
  before(async () => {
    text = await readFile(fixtureUrl, 'utf8');
    tokens = await tokenize(text);
  });

  // [what, token text, the text around it that locates it, scope the token carries]
  const cases: Array<[string, string, string, string]> = [
    ['opening fence', '---', '---\nname', 'punctuation.definition.frontmatter.begin.dotprompt'],
    ['closing fence', '---', '---\n{{!', 'punctuation.definition.frontmatter.end.dotprompt'],
    ['frontmatter block', 'model', 'model:', 'meta.embedded.block.frontmatter.dotprompt'],
    ['frontmatter as embedded YAML', 'model', 'model:', 'meta.embedded.block.yaml'],
    ['YAML key', 'model', 'model:', 'entity.name.tag.yaml'],
    ['YAML plain value', 'openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'string.unquoted.plain.out.yaml'],
    ['YAML number value', '0.4', '0.4', 'constant.numeric.float.yaml'],
    ['short comment', '{{! who speaks first }}', '{{! who speaks first }}', 'comment.block.handlebars'],
    ['long comment, past an inner }}', 'braces out of it --}}', 'braces out of it --}}', 'comment.block.handlebars'],
    ['helper called with arguments', 'role', '{{role', 'entity.name.function.handlebars'],
    ['Dotprompt helper name', 'role', '{{role', 'support.function.dotprompt'],
    ['string argument', '"system"', '"system"', 'string.quoted.double.handlebars'],
    ['mustache opener', '{{', '{{customer', 'punctuation.definition.tag.begin.handlebars'],
    ['mustache closer', '}}', 'name}} today', 'punctuation.definition.tag.end.handlebars'],
    ['path root', 'customer', '{{customer.name}}', 'variable.other.object.handlebars'],
    ['path separator', '.', '{{customer.name}}', 'punctuation.accessor.handlebars'],
    ['path property', 'name', '{{customer.name}}', 'variable.other.property.handlebars'],
    ['block opener #', '#', '{{#each', 'keyword.control.block.begin.handlebars'],
    ['block helper name', 'each', '{{#each', 'entity.name.function.block.handlebars'],
    ['built-in helper name', 'each', '{{#each', 'support.function.builtin.handlebars'],
    ['block argument', 'items', '{{#each items', 'variable.other.readwrite.handlebars'],
    ['block params keyword', 'as', 'items as |', 'keyword.control.as.handlebars'],
    ['block param', 'item', '|item|', 'variable.parameter.block.handlebars'],
    ['data variable', '@index', '{{@index}}', 'variable.language.data.handlebars'],
    ['@root', '@root', '{{@root.customer}}', 'variable.language.data.handlebars'],
    ['path after @root', 'customer', '{{@root.customer}}', 'variable.other.property.handlebars'],
    ['parent context', '..', '{{../title}}', 'variable.language.parent.handlebars'],
    ['this', 'this', '{{this}}', 'variable.language.this.handlebars'],
    ['else', 'else', '{{else}}', 'keyword.control.else.handlebars'],
    ['block closer /', '/', '{{/each}}', 'keyword.control.block.end.handlebars'],
    ['closing block name', 'each', '{{/each}}', 'entity.name.function.block.handlebars'],
    ['partial operator', '>', '{{> _signature', 'keyword.operator.partial.handlebars'],
    ['partial name', '_signature', '{{> _signature', 'entity.name.tag.partial.handlebars'],
    ['hash argument name', 'tone', 'tone=warm', 'entity.other.attribute-name.handlebars'],
    ['hash argument =', '=', 'tone=warm', 'punctuation.separator.key-value.handlebars'],
    ['triple-stash opener', '{{{', '{{{rawHtml}}}', 'punctuation.definition.tag.begin.handlebars'],
    ['triple-stash closer', '}}}', '{{{rawHtml}}}', 'punctuation.definition.tag.end.handlebars'],
    ['triple-stash block', 'rawHtml', '{{{rawHtml}}}', 'meta.tag.raw.handlebars'],
    ['triple-stash content', 'rawHtml', '{{{rawHtml}}}', 'variable.other.readwrite.handlebars'],
    ['whitespace control on open', '~', '{{~ trimmed', 'keyword.operator.whitespace-control.handlebars'],
    ['whitespace control on close', '~', '~}}', 'keyword.operator.whitespace-control.handlebars'],
    ['media helper', 'media', '{{media', 'support.function.dotprompt'],
    ['hash key url', 'url', 'url=photoUrl', 'entity.other.attribute-name.handlebars'],
    ['hash value', 'photoUrl', 'url=photoUrl', 'variable.other.readwrite.handlebars'],
    ['subexpression helper', 'ifEquals', '(ifEquals', 'support.function.dotprompt'],
    ['subexpression parenthesis', '(', '(ifEquals', 'punctuation.section.subexpression.begin.handlebars'],
    ['inverse {{^}}', '^', '{{^}}', 'keyword.control.else.handlebars'],
    ['bare Dotprompt helper', 'history', '{{history}}', 'support.function.dotprompt'],
    ['number argument', '2', '"output" 2 true', 'constant.numeric.handlebars'],
    ['boolean argument', 'true', '"output" 2 true', 'constant.language.boolean.handlebars'],
  ];
  for (const [what, needle, context, scope] of cases) {
    it(`scopes the ${what} as ${scope}`, () => assertScope(tokens, text, needle, context, scope));
  }

  it('leaves text outside {{ }} without Handlebars scopes', () => {
    const plain = tokensCovering(tokens, text, 'You are a support agent helping ');
    assert.deepEqual(
      plain.map((t) => t.scopes),
      [['source.dotprompt']],
    );
    const afterBlock = tokensCovering(tokens, text, 'Open ticket.');
    assert.deepEqual(
      afterBlock.map((t) => t.scopes),
      [['source.dotprompt']],
    );
  });

  it('gives body lines no YAML scopes', () => {
    const bodyStart = text.indexOf('{{! who');
    const bodyLine = text.slice(0, bodyStart).split('\n').length - 1;
    const yamlInBody = tokens.filter((t) => t.line >= bodyLine && t.scopes.some((s) => s.endsWith('.yaml')));
    assert.deepEqual(yamlInBody, []);
  });
});

describe('dotprompt grammar on edge cases', () => {
  it('treats a --- later in the body as plain text, not frontmatter', async () => {
    const text = 'Hello {{name}}\n---\ntitle: not yaml\n---\nBye';
    const tokens = await tokenize(text);
    for (const needle of ['---', 'title: not yaml']) {
      assert.deepEqual(
        tokensCovering(tokens, text, needle).map((t) => t.scopes),
        [['source.dotprompt']],
      );
    }
  });

  it('ends the frontmatter at its closing fence even inside an unclosed YAML string', async () => {
    const text = '---\nname: "unclosed\n---\nHello {{name}}';
    const tokens = await tokenize(text);
    assertScope(tokens, text, '---', '---\nHello', 'punctuation.definition.frontmatter.end.dotprompt');
    assertScope(tokens, text, 'name', '{{name}}', 'variable.other.readwrite.handlebars');
  });

  it('reads a file without frontmatter as a template from the first line', async () => {
    const text = '{{#if x}}yes{{/if}}';
    const tokens = await tokenize(text);
    assertScope(tokens, text, 'if', '{{#if', 'support.function.builtin.handlebars');
    assert.ok(!tokens.some((t) => t.scopes.some((s) => s.includes('frontmatter'))));
  });

  it('does not open a tag at an escaped \\{{', async () => {
    const text = 'literal \\{{name}} here';
    const tokens = await tokenize(text);
    assertScope(tokens, text, '\\', '\\{{', 'constant.character.escape.handlebars');
    assert.ok(!tokens.some((t) => t.scopes.some((s) => s.startsWith('meta.tag'))));
  });

  it('scopes chained else, partial blocks, quoted partials and literal path segments', async () => {
    const text = '{{#> layout}}{{else if ready}}{{> "shared header"}}{{user.[first name]}}{{/layout}}';
    const tokens = await tokenize(text);
    assertScope(tokens, text, 'layout', '{{#> layout', 'entity.name.tag.partial.handlebars');
    assertScope(tokens, text, 'if', 'else if', 'support.function.builtin.handlebars');
    assertScope(tokens, text, '"shared header"', '"shared header"', 'entity.name.tag.partial.handlebars');
    assertScope(tokens, text, '[first name]', '[first name]', 'variable.other.property.handlebars');
  });

  it('scopes a variable whose name is not a helper as a variable, not a function', async () => {
    const text = '{{roles}} {{history}}';
    const tokens = await tokenize(text);
    assertScope(tokens, text, 'roles', '{{roles}}', 'variable.other.readwrite.handlebars');
    assert.ok(!tokensCovering(tokens, text, 'roles').some((t) => t.scopes.some((s) => s.startsWith('support.function'))));
  });
});
