import assert from 'node:assert/strict';
import { analyzePromptFile } from '../../src/format/analyzePromptFile.ts';
import { DIAGNOSTIC_CODES, type VariableScope } from '../../src/format/types.ts';
import { diagnosticsWith, marked, show } from './marked.ts';

const SCHEMA = `---
input:
  schema:
    title: string
    user:
      name: string
    items(array):
      name: string
      tags(array): string
---
`;

describe('analyzePromptFile: variable scopes', () => {
  // The first marked range is the reference under test.
  const cases: { name: string; body: string; raw: string; scope: VariableScope; inputPath?: string[] }[] = [
    { name: 'a top-level input', body: 'Hi {{«title»}}', raw: 'title', scope: 'input', inputPath: ['title'] },
    { name: 'a nested input path', body: 'Hi {{«user.name»}}', raw: 'user.name', scope: 'input', inputPath: ['user', 'name'] },
    { name: 'an item field inside each', body: '{{#each items}}{{«name»}}{{/each}}', raw: 'name', scope: 'item', inputPath: ['items', 'name'] },
    { name: 'this.field inside each', body: '{{#each items}}{{«this.name»}}{{/each}}', raw: 'this.name', scope: 'item', inputPath: ['items', 'name'] },
    { name: 'bare this inside each', body: '{{#each items}}{{«this»}}{{/each}}', raw: 'this', scope: 'this', inputPath: ['items'] },
    { name: 'a dot inside each', body: '{{#each items}}{{«.»}}{{/each}}', raw: '.', scope: 'this', inputPath: ['items'] },
    { name: 'a block param', body: '{{#each items as |item|}}{{«item.name»}}{{/each}}', raw: 'item.name', scope: 'blockParam', inputPath: ['items', 'name'] },
    { name: 'an index block param', body: '{{#each items as |item i|}}{{«i»}}{{/each}}', raw: 'i', scope: 'blockParam' },
    { name: 'a parent reference out of each', body: '{{#each items}}{{«../title»}}{{/each}}', raw: '../title', scope: 'input', inputPath: ['title'] },
    {
      name: '../ skipping an if (which keeps the context)',
      body: '{{#each items}}{{#if name}}{{«../title»}}{{/if}}{{/each}}',
      raw: '../title',
      scope: 'input',
      inputPath: ['title'],
    },
    { name: '@root from inside a block', body: '{{#each items}}{{«@root.title»}}{{/each}}', raw: '@root.title', scope: 'input', inputPath: ['title'] },
    { name: '@index as data', body: '{{#each items}}{{«@index»}}{{/each}}', raw: '@index', scope: 'data' },
    { name: 'a field inside with', body: '{{#with user}}{{«name»}}{{/with}}', raw: 'name', scope: 'item', inputPath: ['user', 'name'] },
    { name: 'an alias of with', body: '{{#with user as |u|}}{{«u.name»}}{{/with}}', raw: 'u.name', scope: 'blockParam', inputPath: ['user', 'name'] },
    {
      name: 'nested each over item arrays',
      body: '{{#each items}}{{#each tags}}{{«this»}}{{/each}}{{/each}}',
      raw: 'this',
      scope: 'this',
      inputPath: ['items', 'tags'],
    },
    {
      name: 'an else branch of each in the outer context',
      body: '{{#each items}}x{{else}}{{«title»}}{{/each}}',
      raw: 'title',
      scope: 'input',
      inputPath: ['title'],
    },
    { name: 'a helper argument', body: '{{#if «title»}}x{{/if}}', raw: 'title', scope: 'input', inputPath: ['title'] },
    { name: 'a hash argument', body: '{{media url=«user.name»}}', raw: 'user.name', scope: 'input', inputPath: ['user', 'name'] },
    { name: 'a sub-expression argument', body: '{{json (lookup user «title»)}}', raw: 'title', scope: 'input', inputPath: ['title'] },
    { name: 'a section over an object', body: '{{#user}}{{«name»}}{{/user}}', raw: 'name', scope: 'item', inputPath: ['user', 'name'] },
  ];
  for (const c of cases) {
    it(`resolves ${c.name}`, () => {
      const { text, ranges } = marked(SCHEMA + c.body);
      const analysis = analyzePromptFile(text);
      const found = analysis.variables.find((v) => show(v.range) === show(ranges[0]));
      assert.ok(found, `no reference at ${show(ranges[0])}: ${JSON.stringify(analysis.variables)}`);
      assert.equal(found.raw, c.raw);
      assert.equal(found.scope, c.scope);
      assert.deepEqual(found.inputPath, c.inputPath);
      assert.deepEqual(diagnosticsWith(analysis, DIAGNOSTIC_CODES.undeclaredVariable), []);
    });
  }

  it('does not treat helpers or string literals as variables', () => {
    const analysis = analyzePromptFile('{{role "system"}}{{history}}{{section "output"}}{{json title}}');
    assert.deepEqual(
      analysis.variables.map((v) => v.raw),
      ['title'],
    );
    assert.deepEqual(analysis.variables[0]!.asArgument, true);
    assert.deepEqual(
      analysis.helpers.map((h) => h.name),
      ['role', 'history', 'section', 'json'],
    );
  });

  it('records partials with the range of their name, quoted or not', () => {
    const { text, ranges } = marked('{{> «header»}} {{> "«footer»" title}} {{#> «layout»}}x{{/layout}}');
    const analysis = analyzePromptFile(text);
    assert.deepEqual(
      analysis.partials.map((p) => [p.name, show(p.range)]),
      [
        ['header', show(ranges[0])],
        ['footer', show(ranges[1])],
        ['layout', show(ranges[2])],
      ],
    );
    assert.deepEqual(
      analysis.variables.map((v) => v.raw),
      ['title'],
    );
  });

  it('records block regions with content range, context path and block params', () => {
    const { text, ranges } = marked(SCHEMA + '{{#each items as |it i|}}«\n  {{it.name}}\n»{{else}}none{{/each}}');
    const [block] = analyzePromptFile(text).blocks;
    assert.ok(block);
    assert.equal(block.helper, 'each');
    assert.equal(show(block.contentRange), show(ranges[0]));
    assert.deepEqual(block.contextPath, ['items']);
    assert.deepEqual(block.blockParams, ['it', 'i']);
  });

  it('places references after the frontmatter at file positions, with CRLF line endings', () => {
    const { text, ranges } = marked('---\r\ninput:\r\n  schema:\r\n    name: string\r\n---\r\nHello\r\n  {{«name»}}\r\n');
    const [variable] = analyzePromptFile(text).variables;
    assert.equal(show(variable?.range), show(ranges[0]));
  });

  it('counts UTF-16 code units before a variable (emoji are two)', () => {
    const { text, ranges } = marked('Héllo 😀 世界 {{«name»}}');
    const [variable] = analyzePromptFile(text).variables;
    assert.equal(show(variable?.range), show(ranges[0]));
    assert.equal(variable!.range.start.character, 14); // 'Héllo ' 6 + '😀' 2 + ' 世界 ' 4 + '{{' 2
  });
});

describe('analyzePromptFile: body diagnostics', () => {
  const cases: {
    name: string;
    fixture: string;
    code: string;
    severity: string;
    data?: Record<string, unknown>;
    options?: Parameters<typeof analyzePromptFile>[1];
  }[] = [
    {
      name: 'an undeclared variable at its path',
      fixture: SCHEMA + 'Hi {{«titel»}}',
      code: DIAGNOSTIC_CODES.undeclaredVariable,
      severity: 'warning',
      data: { variable: 'titel', path: ['titel'], suggestions: ['title'] },
    },
    {
      name: 'an undeclared item field the schema knows the shape of',
      fixture: SCHEMA + '{{#each items}}{{«nme»}}{{/each}}',
      code: DIAGNOSTIC_CODES.undeclaredVariable,
      severity: 'warning',
      data: { variable: 'nme', path: ['items', 'nme'], suggestions: ['name'] },
    },
    {
      name: 'an undeclared field through a block param',
      fixture: SCHEMA + '{{#each items as |it|}}{{«it.title»}}{{/each}}',
      code: DIAGNOSTIC_CODES.undeclaredVariable,
      severity: 'warning',
    },
    {
      name: 'an undeclared nested field (no declared name near it: no suggestion)',
      fixture: SCHEMA + '{{«user.email»}}',
      code: DIAGNOSTIC_CODES.undeclaredVariable,
      severity: 'warning',
      data: { variable: 'email', path: ['user', 'email'] },
    },
    {
      name: 'a declared input never used, on its key',
      fixture: '---\ninput:\n  schema:\n    name: string\n    «extra»?: string\n---\n{{name}}',
      code: DIAGNOSTIC_CODES.unusedInput,
      severity: 'warning',
      data: { variable: 'extra' },
    },
    {
      name: 'an unknown helper called with arguments',
      fixture: '{{«shout» name}}',
      code: DIAGNOSTIC_CODES.unknownHelper,
      severity: 'warning',
      data: { helper: 'shout' },
    },
    { name: 'an unknown block helper with arguments', fixture: '{{#«repeat» 3}}x{{/repeat}}', code: DIAGNOSTIC_CODES.unknownHelper, severity: 'warning' },
    {
      name: 'a missing partial on its name',
      fixture: '{{> «card»}}',
      code: DIAGNOSTIC_CODES.missingPartial,
      severity: 'error',
      data: { partial: 'card' },
      options: { partialExists: () => false },
    },
    {
      name: 'a mismatched close tag on its name',
      fixture: '{{#each items}}x{{/«if»}}',
      code: DIAGNOSTIC_CODES.handlebarsSyntax,
      severity: 'error',
      data: { expected: 'each', found: 'if' },
    },
    {
      name: 'an unclosed block on its open tag',
      fixture: 'a\n{{#each items}}\n  {{#«if» x}}y{{/if}}\n{{#«with» u}}\nend',
      code: DIAGNOSTIC_CODES.handlebarsSyntax,
      severity: 'error',
      data: { expected: 'with' },
    },
    { name: 'a close tag with no open tag', fixture: 'a {{/«each»}}', code: DIAGNOSTIC_CODES.handlebarsSyntax, severity: 'error' },
    { name: 'an unclosed mustache', fixture: 'Hi «{{name»', code: DIAGNOSTIC_CODES.handlebarsSyntax, severity: 'error' },
    { name: 'an unclosed comment', fixture: 'Hi «{{!-- note»', code: DIAGNOSTIC_CODES.handlebarsSyntax, severity: 'error' },
    {
      name: 'a handlebars error after frontmatter at file position',
      fixture: '---\nname: a\n---\n{{#each items}}x{{/«with»}}',
      code: DIAGNOSTIC_CODES.handlebarsSyntax,
      severity: 'error',
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const { text, ranges } = marked(c.fixture);
      const analysis = analyzePromptFile(text, c.options);
      const found = diagnosticsWith(analysis, c.code);
      assert.equal(found.length, 1, JSON.stringify(analysis.diagnostics));
      const expected = c.name.startsWith('an unclosed block') ? ranges[1] : ranges[0];
      assert.equal(show(found[0]!.range), show(expected));
      assert.equal(found[0]!.severity, c.severity);
      if (c.data) assert.deepEqual(found[0]!.data, c.data);
    });
  }

  it('reports an undeclared each subject once, not again for each item field', () => {
    const { text, ranges } = marked(SCHEMA + '{{#each «things»}}{{a}} {{b}}{{/each}} {{«things»}}');
    const found = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.undeclaredVariable);
    assert.deepEqual(
      found.map((d) => show(d.range)),
      ranges.map(show),
    );
  });

  it('reports a parse error at the unexpected token', () => {
    const { text, ranges } = marked('Hi {{foo bar=«}}» x');
    const [error] = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.handlebarsSyntax);
    assert.equal(show(error?.range), show(ranges[0]));
  });

  const quiet: { name: string; text: string; options?: Parameters<typeof analyzePromptFile>[1] }[] = [
    { name: 'variables when there is no schema', text: 'Hi {{anything}} {{#each xs}}{{y}}{{/each}}' },
    { name: 'a section over an unknown name (Handlebars blockHelperMissing)', text: '{{#flag}}on{{/flag}}' },
    { name: 'a registered extra helper', text: '{{shout name}}', options: { extraHelpers: ['shout'] } },
    {
      name: 'an existing partial or an inline one',
      text: '{{#*inline "row"}}r{{/inline}}{{> row}}{{> card}}',
      options: { partialExists: (name) => name === 'card' },
    },
    { name: 'fields of a wildcard schema', text: '---\ninput:\n  schema:\n    (*): string\n---\n{{whatever}}' },
    { name: 'fields of a named schema', text: '---\ninput:\n  schema:\n    user: UserSchema\n---\n{{user.anything}}' },
    { name: 'item indexes and length of arrays', text: SCHEMA + '{{items.length}} {{items.[0].name}} {{title}} {{user.name}}' },
    { name: 'unused inputs when the whole input is passed on', text: SCHEMA + '{{json this}}' },
    { name: 'unused inputs when a partial may read them', text: SCHEMA + '{{> details}}' },
  ];
  for (const c of quiet) {
    it(`stays quiet about ${c.name}`, () => {
      assert.deepEqual(analyzePromptFile(c.text, c.options).diagnostics, []);
    });
  }
});
