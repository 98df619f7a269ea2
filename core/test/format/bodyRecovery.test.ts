import assert from 'node:assert/strict';
import { analyzePromptFile } from '../../src/format/analyzePromptFile.ts';
import type { PromptDiagnostic } from '../../src/format/types.ts';
import { marked, show } from './marked.ts';

const SCHEMA = `---
input:
  schema:
    ready: boolean
    name: string
    items(array):
      title: string
---
`;

/** Every diagnostic as `code@range`, in document order, so a test sees extras as well as misses. */
function listed(diagnostics: PromptDiagnostic[]): string[] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => `${d.code}@${show(d.range)}`);
}

describe('analyzePromptFile: body diagnostics past a Handlebars syntax error', () => {
  // Each row: a body whose marked ranges carry, in order, exactly the diagnostics in `codes`.
  const cases: { name: string; body: string; codes: string[] }[] = [
    {
      name: 'an unclosed {{#if}} with an undeclared variable after it',
      body: '{{#«if» ready}}\nHi {{«city»}}',
      codes: ['handlebars-syntax', 'undeclared-variable'],
    },
    {
      name: 'a mismatched close tag after an undeclared variable',
      body: '{{#if ready}}{{«city»}}{{/«each»}} {{«zip»}}',
      codes: ['undeclared-variable', 'handlebars-syntax', 'undeclared-variable'],
    },
    {
      name: 'a bad expression mid-body',
      body: '{{name}} {{foo bar=«}}» {{«city»}}',
      codes: ['handlebars-syntax', 'undeclared-variable'],
    },
    {
      name: 'a close tag with no open tag',
      body: '{{/«each»}} {{«city»}}',
      codes: ['handlebars-syntax', 'undeclared-variable'],
    },
    {
      name: 'an unclosed mustache on an earlier line',
      body: 'Hi {{«na»\n{{«city»}}',
      codes: ['handlebars-syntax', 'undeclared-variable'],
    },
    {
      name: 'an unknown helper and a missing partial inside an unclosed block',
      body: '{{#«if» ready}}\n{{> «card»}} {{«shout» name}}\n{{else}}{{«city»}}',
      codes: ['handlebars-syntax', 'missing-partial', 'unknown-helper', 'undeclared-variable'],
    },
    {
      name: 'an unclosed {{#each}}, whose items keep their scope',
      body: '{{#«each» items}}{{title}} {{«nope»}}',
      codes: ['handlebars-syntax', 'undeclared-variable'],
    },
    {
      name: 'an unclosed comment after an undeclared variable',
      body: '{{«city»}} «{{!-- note»',
      codes: ['undeclared-variable', 'handlebars-syntax'],
    },
  ];
  for (const c of cases) {
    it(`reports the syntax error and the rest of the body for ${c.name}`, () => {
      const { text, ranges } = marked(SCHEMA + c.body);
      const analysis = analyzePromptFile(text, { partialExists: () => false });
      assert.deepEqual(
        listed(analysis.diagnostics),
        ranges.map((range, i) => `${c.codes[i]}@${show(range)}`),
      );
    });
  }

  it('does not call an input unused when the tag that used it is broken', () => {
    const analysis = analyzePromptFile(`${SCHEMA}{{#if ready}}{{#each items}}{{title}}{{/each}} {{name`);
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      ['handlebars-syntax'],
    );
  });

  it('keeps the variables of the recovered body for completion and hover', () => {
    const analysis = analyzePromptFile(`${SCHEMA}{{#if ready}}{{name}}`);
    assert.deepEqual(
      analysis.variables.map((v) => v.raw),
      ['ready', 'name'],
    );
  });
});
