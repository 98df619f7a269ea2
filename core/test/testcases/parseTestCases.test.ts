import { strict as assert } from 'node:assert';
import { parseTestCases } from '../../src/testcases/parseTestCases.ts';
import { defaultPromptPath } from '../../src/testcases/schema.ts';

const valid = `prompt: ./greeting.prompt
defaults:
  model: openai/gpt-4o-mini
  config: { temperature: 0 }
tests:
  - name: greets by name
    input: { name: Ada }
    assert:
      - { type: contains, value: Ada }
      - { type: regex, value: "^Hello", flags: i }
      - type: llm-judge
        rubric: Is it polite?
        threshold: 0.8
`;

describe('parseTestCases', () => {
  it('parses a valid file with defaults and assertions', () => {
    const { file, diagnostics } = parseTestCases(valid);
    assert.deepEqual(diagnostics, []);
    assert.equal(file?.prompt, './greeting.prompt');
    assert.equal(file?.defaults?.model, 'openai/gpt-4o-mini');
    assert.deepEqual(
      file?.tests[0]?.assert.map((a) => a.type),
      ['contains', 'regex', 'llm-judge'],
    );
  });

  it('defaults a test without input or assertions to empty ones', () => {
    const { file } = parseTestCases('tests:\n  - name: smoke\n');
    assert.deepEqual(file?.tests[0], { name: 'smoke', input: {}, assert: [] });
  });

  it('reports a YAML error (a duplicated key) at its position', () => {
    const { file, diagnostics } = parseTestCases('tests:\n  - name: a\n    name: b\n');
    assert.equal(file, undefined);
    assert.match(diagnostics[0]!.message, /unique/);
    assert.deepEqual(diagnostics[0]!.range.start, { line: 2, character: 4 });
  });

  it('reports a syntax error at its position', () => {
    const { file, diagnostics } = parseTestCases('tests:\n  - name: a\n    input: { topic: x\n');
    assert.equal(file, undefined);
    assert.equal(diagnostics[0]!.path, '');
    assert.equal(diagnostics[0]!.range.start.line, 3);
  });

  it('refuses a file with more aliases than the yaml library allows (they could expand without end)', () => {
    const text = `tests:\n  - name: &n a\n    input: { list: [${Array(101).fill('*n').join(', ')}] }\n`;
    const { file, diagnostics } = parseTestCases(text);
    assert.equal(file, undefined);
    assert.match(diagnostics[0]!.message, /alias/i);
  });

  it('reads values as YAML 1.2 core does: dates and yes/no stay strings', () => {
    const { file } = parseTestCases('tests:\n  - name: a\n    input: { day: 2024-01-01, answer: yes, n: 0o17 }\n');
    assert.deepEqual(file?.tests[0]?.input, { day: '2024-01-01', answer: 'yes', n: 15 });
  });

  it('reports an unknown assertion type at the type value', () => {
    const text = 'tests:\n  - name: a\n    assert:\n      - type: startswith\n        value: x\n';
    const { diagnostics } = parseTestCases(text);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.path, 'tests.0.assert.0.type');
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 24 } });
  });

  it('names the assertion type an unknown one misspells, and the types there are', () => {
    const { diagnostics } = parseTestCases('tests:\n  - name: a\n    assert:\n      - type: contians\n        value: x\n');
    assert.equal(
      diagnostics[0]!.message,
      "tests.0.assert.0.type: unknown type 'contians': did you mean 'contains'? (one of contains, not-contains, regex, json-schema, max-latency, max-cost, equals, tool-called, llm-judge)",
    );
    const missing = parseTestCases('tests:\n  - name: a\n    assert:\n      - value: x\n');
    assert.match(missing.diagnostics[0]!.message, /^tests\.0\.assert\.0\.type: unknown type none \(one of contains, /);
  });

  it('reports a wrongly typed field at its value', () => {
    const text = 'tests:\n  - name: a\n    assert:\n      - type: max-latency\n        ms: fast\n';
    const { diagnostics } = parseTestCases(text);
    assert.equal(diagnostics[0]!.path, 'tests.0.assert.0.ms');
    assert.deepEqual(diagnostics[0]!.range.start, { line: 4, character: 12 });
  });

  it("reports a json-schema assertion's or a tool-called's arguments schema that does not compile at that schema", () => {
    const text = [
      'tests:',
      '  - name: a',
      '    assert:',
      '      - type: json-schema',
      '        schema: { type: object, properties: { n: { type: nummber } } }',
      '      - type: tool-called',
      '        value: lookup',
      '        arguments: { required: id }',
      '      - type: json-schema',
      '        schema: { type: object, required: [n] }',
      '',
    ].join('\n');
    const { file, diagnostics } = parseTestCases(text);
    assert.equal(file, undefined);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.range.start.line, d.message]),
      [
        [
          'tests.0.assert.0.schema',
          4,
          'tests.0.assert.0.schema: not a valid JSON Schema: properties.n.type must be one of "array", "boolean", "integer", "null", "number", "object", "string"',
        ],
        ['tests.0.assert.1.arguments', 7, 'tests.0.assert.1.arguments: not a valid JSON Schema: required must be array'],
      ],
    );
  });

  it('reports a missing required field at its parent', () => {
    const text = 'tests:\n  - input: {}\n';
    const { diagnostics } = parseTestCases(text);
    assert.equal(diagnostics[0]!.path, 'tests.0.name');
    assert.equal(diagnostics[0]!.range.start.line, 1);
  });

  it('reports an unknown key', () => {
    const { diagnostics } = parseTestCases('tests:\n  - name: a\n    inputs: {}\n');
    assert.match(diagnostics[0]!.message, /inputs/);
  });

  it('names the prompt beside a tests file', () => {
    assert.equal(defaultPromptPath('prompts/greeting.tests.yaml'), 'prompts/greeting.prompt');
  });
});
