import assert from 'node:assert/strict';
import { analyzePromptFile } from '../../src/format/analyzePromptFile.ts';
import { LineIndex } from '../../src/format/lineIndex.ts';
import { DIAGNOSTIC_CODES, type Range } from '../../src/format/types.ts';
import { createSeededRandom } from '../../src/stats/bootstrap.ts';

/** Seeded, so a failure reproduces from its seed (core's generator, shared with the bootstrap). */
const random = createSeededRandom;

const FRAGMENTS = [
  '---',
  '---\n',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  'input:',
  'schema:',
  'default:',
  'config:',
  'model:',
  'temperature: ',
  'x(array):',
  'y(enum):',
  '(*):',
  '?',
  ': ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '&a',
  '*a',
  '!!str',
  '#',
  '- ',
  '|',
  '>',
  '{{',
  '}}',
  '{{{',
  '}}}',
  '{{#each ',
  '{{/each}}',
  '{{#with ',
  '{{/with}}',
  '{{#if ',
  '{{/if}}',
  '{{else}}',
  '{{^}}',
  'as |x i|',
  '{{> ',
  '{{#> ',
  '{{#*inline "p"}}',
  '{{/inline}}',
  '{{!-- ',
  '--}}',
  '{{!',
  '~',
  '../',
  '@root.',
  '@index',
  'this.',
  '.',
  'items',
  'name',
  '(',
  ')',
  '=',
  'url=',
  '"str"',
  '42',
  'true',
  'null',
  'é',
  '😀',
  '\uD800',
  '\u2028',
  '\0',
  'openai/gpt-4o',
  'string',
  'strng',
  '0.5',
  '-1',
];

function generate(next: () => number): string {
  const length = Math.floor(next() * 40);
  let text = next() < 0.5 ? '---\n' : '';
  for (let i = 0; i < length; i++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return text;
}

function assertRangeInside(range: Range, index: LineIndex, what: string): void {
  const lastLine = index.lineStarts.length - 1;
  for (const position of [range.start, range.end]) {
    assert.ok(Number.isInteger(position.line) && position.line >= 0 && position.line <= lastLine, `${what}: line ${position.line} outside 0..${lastLine}`);
    assert.ok(Number.isInteger(position.character) && position.character >= 0, `${what}: character ${position.character}`);
  }
  const start = index.offsetAt(range.start.line, range.start.character);
  const end = index.offsetAt(range.end.line, range.end.character);
  assert.ok(start <= end, `${what}: range ends before it starts`);
}

describe('analyzePromptFile: robustness', () => {
  it('never throws and keeps every range inside the document, on 3000 malformed inputs', () => {
    const codes = new Set<string>(Object.values(DIAGNOSTIC_CODES));
    for (let seed = 1; seed <= 3000; seed++) {
      const text = generate(random(seed));
      const analysis = analyzePromptFile(text, { partialExists: () => false });
      const index = new LineIndex(text);
      for (const d of analysis.diagnostics) {
        assert.ok(codes.has(d.code), `seed ${seed}: unknown code ${d.code}`);
        assert.notEqual(d.data?.['internal'], true, `seed ${seed}: internal failure ${d.message} on ${JSON.stringify(text)}`);
        assertRangeInside(d.range, index, `seed ${seed} ${d.code} on ${JSON.stringify(text)}`);
      }
      for (const v of analysis.variables) assertRangeInside(v.range, index, `seed ${seed} variable ${v.raw}`);
      for (const f of analysis.frontmatterEntries) assertRangeInside(f.keyRange, index, `seed ${seed} entry ${f.key}`);
    }
  });

  const odd: [string, unknown][] = [
    ['not a string', 42 as unknown],
    ['only a fence', '---'],
    ['a YAML list as frontmatter', '---\n- a\n- b\n---\nHi'],
    ['a scalar as frontmatter', '---\njust text\n---\nHi'],
    [
      'an alias bomb',
      '---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n',
    ],
    ['deep nesting', '{{#if a}}'.repeat(300) + '{{/if}}'.repeat(300)],
    ['a lone surrogate before a variable', '\uD800{{x}}'],
    ['schema as a list', '---\ninput:\n  schema: [a, b]\n---\n{{a}}'],
    ['null input', '---\ninput:\n---\n{{a}}'],
  ];
  for (const [name, text] of odd) {
    it(`returns an analysis for ${name}`, () => {
      const analysis = analyzePromptFile(text as string);
      assert.ok(Array.isArray(analysis.diagnostics));
      assert.ok(
        analysis.diagnostics.every((d) => d.data?.['internal'] !== true),
        JSON.stringify(analysis.diagnostics),
      );
    });
  }

  it('reports a YAML mapping requirement for a list frontmatter', () => {
    const analysis = analyzePromptFile('---\n- a\n---\nHi');
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      [DIAGNOSTIC_CODES.yamlSyntax],
    );
  });
});
