import assert from 'node:assert/strict';
import { analyzePromptFile } from '../../src/format/analyzePromptFile.ts';
import { DIAGNOSTIC_CODES } from '../../src/format/types.ts';
import { diagnosticsWith, marked, show } from './marked.ts';

describe('analyzePromptFile: frontmatter split', () => {
  const cases: { name: string; text: string; body: string; bodyLine: number; frontmatter: Record<string, unknown>; hasRange: boolean }[] = [
    { name: 'a file with frontmatter', text: '---\nname: a\n---\nHello', body: 'Hello', bodyLine: 3, frontmatter: { name: 'a' }, hasRange: true },
    { name: 'CRLF line endings', text: '---\r\nname: a\r\n---\r\nHello\r\n', body: 'Hello\r\n', bodyLine: 3, frontmatter: { name: 'a' }, hasRange: true },
    { name: 'no frontmatter (all body)', text: 'Hello {{name}}', body: 'Hello {{name}}', bodyLine: 0, frontmatter: {}, hasRange: false },
    { name: 'an empty file', text: '', body: '', bodyLine: 0, frontmatter: {}, hasRange: false },
    { name: 'frontmatter only', text: '---\nmodel: openai/gpt-4o\n---\n', body: '', bodyLine: 3, frontmatter: { model: 'openai/gpt-4o' }, hasRange: true },
    {
      name: "blank lines after the closing fence (Dotprompt's \\s* eats them)",
      text: '---\nname: a\n---\n\n\nHi',
      body: 'Hi',
      bodyLine: 5,
      frontmatter: { name: 'a' },
      hasRange: true,
    },
    { name: 'a horizontal rule in the body', text: 'Intro\n---\nMore', body: 'Intro\n---\nMore', bodyLine: 0, frontmatter: {}, hasRange: false },
  ];
  for (const c of cases) {
    it(`splits ${c.name} where Dotprompt does`, () => {
      const analysis = analyzePromptFile(c.text);
      assert.equal(analysis.body, c.body);
      assert.deepEqual(analysis.bodyStart, { line: c.bodyLine, character: 0 });
      assert.deepEqual(analysis.frontmatter, c.frontmatter);
      assert.equal(analysis.frontmatterRange !== undefined, c.hasRange);
      assert.deepEqual(diagnosticsWith(analysis, DIAGNOSTIC_CODES.frontmatterUnclosed), []);
    });
  }

  const fenceProblems = [
    { name: 'an unclosed frontmatter', fixture: '«---»\nmodel: openai/gpt-4o\nHello', severity: 'error' },
    { name: 'a closing fence with no line break after it', fixture: '---\nname: a\n«---»', severity: 'warning' },
    { name: 'fences with nothing between them', fixture: '«---»\n---\nHello', severity: 'warning' },
  ];
  for (const c of fenceProblems) {
    it(`reports ${c.name} on the fence`, () => {
      const { text, ranges } = marked(c.fixture);
      const found = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.frontmatterUnclosed);
      assert.equal(found.length, 1);
      assert.equal(show(found[0]!.range), show(ranges[0]));
      assert.equal(found[0]!.severity, c.severity);
    });
  }

  it('still reads an unclosed frontmatter as YAML, so completion works while typing', () => {
    const analysis = analyzePromptFile('---\nmodel: openai/gpt-4o\n');
    assert.equal(analysis.model?.id, 'openai/gpt-4o');
    assert.equal(analysis.body, '');
  });
});

describe('analyzePromptFile: frontmatter entries and extensions', () => {
  it('lists every key dotted, with key and value ranges', () => {
    const { text, ranges } = marked('---\n«config»:\n  «temperature»: «0.5»\n«promptstack.id»: «abc»\n---\n');
    const analysis = analyzePromptFile(text);
    const byKey = new Map(analysis.frontmatterEntries.map((entry) => [entry.key, entry]));
    assert.deepEqual([...byKey.keys()], ['config', 'config.temperature', 'promptstack.id']);
    assert.equal(show(byKey.get('config')!.keyRange), show(ranges[0]));
    assert.equal(show(byKey.get('config.temperature')!.keyRange), show(ranges[1]));
    assert.equal(show(byKey.get('config.temperature')!.valueRange), show(ranges[2]));
    assert.equal(byKey.get('config.temperature')!.value, 0.5);
    assert.equal(show(byKey.get('promptstack.id')!.keyRange), show(ranges[3]));
    assert.equal(show(byKey.get('promptstack.id')!.valueRange), show(ranges[4]));
  });

  it('collects dotted top-level keys as extensions in flat dotted form, as Dotprompt does', () => {
    const analysis = analyzePromptFile('---\npromptstack.id: p1\nmyext.foo.bar: 2\nname: x\n---\n');
    assert.deepEqual(analysis.extensions, { 'promptstack.id': 'p1', 'myext.foo.bar': 2 });
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('keeps UTF-16 columns after non-ASCII text in the frontmatter', () => {
    const { text, ranges } = marked('---\ndescription: "héllo 😀" \n«fooo»: 1\n---\n');
    const [unknown] = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.unknownFrontmatterKey);
    assert.equal(show(unknown?.range), show(ranges[0]));
  });
});

describe('analyzePromptFile: frontmatter diagnostics', () => {
  const cases: { name: string; fixture: string; code: string; severity: string; data?: Record<string, unknown> }[] = [
    {
      name: 'a duplicate YAML key on the whole key',
      fixture: '---\nname: a\n«name»: b\n---\n',
      code: DIAGNOSTIC_CODES.yamlSyntax,
      severity: 'error',
      data: { yamlCode: 'DUPLICATE_KEY' },
    },
    {
      name: 'an unknown top-level key on the key',
      fixture: '---\n«modle»: openai/gpt-4o\n---\n',
      code: DIAGNOSTIC_CODES.unknownFrontmatterKey,
      severity: 'warning',
      data: { key: 'modle', suggestions: ['model'] },
    },
    { name: 'an unknown key under input', fixture: '---\ninput:\n  «schemaa»: {}\n---\n', code: DIAGNOSTIC_CODES.unknownFrontmatterKey, severity: 'warning' },
    {
      name: 'an unknown model on the id, with suggestions',
      fixture: '---\nmodel: «openai/gpt-4oo»\n---\n',
      code: DIAGNOSTIC_CODES.unknownModel,
      severity: 'warning',
      data: { model: 'openai/gpt-4oo', suggestions: ['openai/gpt-4o', 'openai/gpt-4', 'openai/gpt-4.1'] },
    },
    { name: 'a quoted unknown model inside its quotes', fixture: '---\nmodel: "«claude-9»"\n---\n', code: DIAGNOSTIC_CODES.unknownModel, severity: 'warning' },
    {
      name: 'an uncatalogued provider as information only',
      fixture: '---\nmodel: «ollama/llama3»\n---\n',
      code: DIAGNOSTIC_CODES.unknownModel,
      severity: 'information',
      data: { provider: 'ollama' },
    },
    {
      name: 'a temperature above 2 on the value',
      fixture: '---\nconfig:\n  temperature: «2.5»\n---\n',
      code: DIAGNOSTIC_CODES.configOutOfRange,
      severity: 'error',
    },
    { name: 'a negative topP', fixture: '---\nconfig:\n  topP: «-0.1»\n---\n', code: DIAGNOSTIC_CODES.configOutOfRange, severity: 'error' },
    { name: 'a topK below 1', fixture: '---\nconfig:\n  topK: «0»\n---\n', code: DIAGNOSTIC_CODES.configOutOfRange, severity: 'error' },
    {
      name: "maxOutputTokens beyond the model's limit",
      fixture: '---\nmodel: openai/gpt-4\nconfig:\n  maxOutputTokens: «10000»\n---\n',
      code: DIAGNOSTIC_CODES.configOutOfRange,
      severity: 'error',
      data: { key: 'maxOutputTokens', min: 1, max: 8192 },
    },
    {
      name: 'a string temperature as a type error',
      fixture: '---\nconfig:\n  temperature: «"hot"»\n---\n',
      code: DIAGNOSTIC_CODES.configType,
      severity: 'error',
    },
    { name: 'a fractional topK as a type error', fixture: '---\nconfig:\n  topK: «2.5»\n---\n', code: DIAGNOSTIC_CODES.configType, severity: 'error' },
    {
      name: 'stopSequences that are not a list of strings',
      fixture: '---\nconfig:\n  stopSequences: «stop»\n---\n',
      code: DIAGNOSTIC_CODES.configType,
      severity: 'error',
    },
    { name: 'tools that are not a list', fixture: '---\ntools: «search»\n---\n', code: DIAGNOSTIC_CODES.frontmatterType, severity: 'error' },
    { name: 'a mapping as the model', fixture: '---\nmodel: «{id: x}»\n---\n', code: DIAGNOSTIC_CODES.frontmatterType, severity: 'error' },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const { text, ranges } = marked(c.fixture);
      const analysis = analyzePromptFile(text);
      const found = diagnosticsWith(analysis, c.code);
      assert.equal(found.length, 1, JSON.stringify(analysis.diagnostics));
      assert.equal(show(found[0]!.range), show(ranges[0]));
      assert.equal(found[0]!.severity, c.severity);
      if (c.data) assert.deepEqual(found[0]!.data, c.data);
    });
  }

  it('accepts a well-formed Genkit prompt without diagnostics', () => {
    const text = [
      '---',
      'name: greet',
      'variant: short',
      'version: 2',
      'description: Greets',
      'model: anthropic/claude-3-haiku',
      'config:',
      '  temperature: 0.7',
      '  maxOutputTokens: 1024',
      '  topP: 0.9',
      '  topK: 40',
      '  stopSequences: ["\\n\\n"]',
      '  candidateCount: 1',
      'input:',
      '  schema:',
      '    name: string',
      '  default:',
      '    name: World',
      'output:',
      '  format: text',
      'tools: [search]',
      'metadata:',
      '  owner: me',
      'promptstack.id: abc',
      '---',
      'Hello {{name}}',
    ].join('\n');
    assert.deepEqual(analyzePromptFile(text).diagnostics, []);
  });

  it('reports a value the YAML parser refused as a syntax error only, not also as the wrong type', () => {
    const analysis = analyzePromptFile('---\nmodel: [unclosed\n---\nHi');
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      [DIAGNOSTIC_CODES.yamlSyntax],
    );
  });

  it('reports a YAML error from the frontmatter at the file position of the bad token', () => {
    const { text, ranges } = marked('---\nname: a\nconfig: «[1, 2»\n---\nHi');
    const errors = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.yamlSyntax);
    assert.ok(errors.length > 0);
    assert.ok(
      errors.some((error) => error.range.start.line === ranges[0]!.start.line && error.range.start.character >= ranges[0]!.start.character),
      JSON.stringify(errors),
    );
  });
});
