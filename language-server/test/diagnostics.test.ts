import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { BODY, FRONTMATTER, positionOf, rangeOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

describe('diagnostics', () => {
  let client: LspClient;
  let counter = 0;
  before(async () => {
    client = await LspClient.start();
    client.writeFile('_footer.prompt', 'Thanks.');
  });
  after(() => client.stop());

  /** Opens `text` as a new file and resolves with its first published diagnostics. */
  async function diagnose(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = client.uri(`diagnostics-${counter++}.prompt`);
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, text);
    return { uri, diagnostics: (await published).diagnostics };
  }

  function only(diagnostics: Diagnostic[], code: string): Diagnostic {
    const found = diagnostics.filter((d) => d.code === code);
    assert.equal(found.length, 1, `expected one ${code} in ${JSON.stringify(diagnostics)}`);
    assert.equal(found[0]!.source, 'promptstack');
    return found[0]!;
  }

  it('publishes no diagnostics for a clean prompt', async () => {
    const { diagnostics } = await diagnose(FRONTMATTER + BODY);
    assert.deepEqual(diagnostics, []);
  });

  it("gives no unknown-model warning for today's OpenAI, Anthropic and Gemini models", async () => {
    for (const model of [
      'openai/gpt-5',
      'gpt-5-mini',
      'openai/o3',
      'o4-mini',
      'anthropic/claude-opus-4-5',
      'claude-sonnet-4-5-20250929',
      'googleai/gemini-2.5-pro',
    ]) {
      const { diagnostics } = await diagnose(FRONTMATTER.replace('openai/gpt-4o', model) + BODY);
      assert.deepEqual(diagnostics, [], model);
    }
  });

  it("checks maxOutputTokens against the model's limit from the limit data", async () => {
    const text = FRONTMATTER.replace('openai/gpt-4o', 'openai/gpt-5').replace('temperature: 0.7', 'maxOutputTokens: 200000') + BODY;
    const { diagnostics } = await diagnose(text);
    assert.match(String(only(diagnostics, 'config-out-of-range').message), /GPT-5 writes at most 128000 tokens/);
  });

  // Each row: a file, the code expected, the text its range covers, and the severity (1 error, 2 warning).
  const cases: { name: string; text: string; code: string; covers: string; severity: number }[] = [
    { name: 'an undeclared variable', text: `${FRONTMATTER}${BODY}Also {{city}}.`, code: 'undeclared-variable', covers: 'city', severity: 2 },
    {
      name: 'an unknown model',
      text: FRONTMATTER.replace('openai/gpt-4o', 'openai/gpt-4oo') + BODY,
      code: 'unknown-model',
      covers: 'openai/gpt-4oo',
      severity: 2,
    },
    {
      name: 'a temperature out of range',
      text: FRONTMATTER.replace('temperature: 0.7', 'temperature: 3') + BODY,
      code: 'config-out-of-range',
      covers: '3',
      // An error: the provider would reject the call (the README's diagnostics table says so too).
      severity: 1,
    },
    {
      name: 'an unknown frontmatter key',
      text: FRONTMATTER.replace('config:', 'modle: x\nconfig:') + BODY,
      code: 'unknown-frontmatter-key',
      covers: 'modle',
      severity: 2,
    },
    { name: 'a missing partial', text: `${FRONTMATTER}${BODY}{{> signature}}`, code: 'missing-partial', covers: 'signature', severity: 1 },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at its range with code ${c.code}`, async () => {
      const { diagnostics } = await diagnose(c.text);
      const found = only(diagnostics, c.code);
      const needle = c.code === 'config-out-of-range' ? 'temperature: 3' : c.covers;
      const expected = rangeOf(c.text, needle);
      if (c.code === 'config-out-of-range') expected.start.character = expected.end.character - 1;
      assert.deepEqual(found.range, expected);
      assert.equal(found.severity, c.severity);
    });
  }

  it('reports an input declared but never used', async () => {
    const text = FRONTMATTER + BODY.replace('{{name}}', 'you');
    const { diagnostics } = await diagnose(text);
    const found = only(diagnostics, 'unused-input');
    assert.equal(text.split('\n')[found.range.start.line]!.trim().startsWith('name:'), true);
  });

  it('reports YAML and Handlebars syntax errors where they are', async () => {
    const yamlText = '---\nmodel: [openai/gpt-4o\n---\nHi';
    const yaml = await diagnose(yamlText);
    // The unclosed flow sequence is reported where it runs out: the end of its line.
    assert.deepEqual(only(yaml.diagnostics, 'yaml-syntax').range.start, positionOf(yamlText, '[openai/gpt-4o', '[openai/gpt-4o'.length));
    const hbsText = '---\nmodel: openai/gpt-4o\n---\n{{#each items}}\nno close';
    const hbs = await diagnose(hbsText);
    // The never-closed block is reported on its helper name, after the frontmatter.
    assert.deepEqual(only(hbs.diagnostics, 'handlebars-syntax').range, rangeOf(hbsText, 'each'));
  });

  it('still reports an undeclared variable after an unclosed {{#if}}', async () => {
    const text = `${FRONTMATTER}${BODY}{{#if name}}\nAlso {{city}}.`;
    const { diagnostics } = await diagnose(text);
    const ifAt = positionOf(text, '{{#if name}}', '{{#'.length);
    assert.deepEqual(only(diagnostics, 'handlebars-syntax').range, { start: ifAt, end: { line: ifAt.line, character: ifAt.character + 2 } });
    assert.deepEqual(only(diagnostics, 'undeclared-variable').range, rangeOf(text, 'city'));
    assert.equal(diagnostics.length, 2);
  });

  it('accepts a partial that exists beside the file', async () => {
    const { diagnostics } = await diagnose(`${FRONTMATTER}${BODY}{{> footer}}`);
    assert.deepEqual(diagnostics, []);
  });

  it('updates diagnostics after an incremental change', async () => {
    const text = `${FRONTMATTER}${BODY}Also {{city}}.`;
    const { uri, diagnostics } = await diagnose(text);
    only(diagnostics, 'undeclared-variable');
    const updated = client.diagnosticsFor(uri, 2);
    // Replace `city` with `name`, sending only the edited range.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: rangeOf(text, 'city'), text: 'name' }],
    });
    assert.deepEqual((await updated).diagnostics, []);
  });

  it('clears diagnostics when the document closes', async () => {
    const { uri, diagnostics } = await diagnose(`${FRONTMATTER}${BODY}Also {{city}}.`);
    assert.equal(diagnostics.length, 1);
    const cleared = client.diagnostics(uri, (p) => p.version === undefined);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('announces each validated version with promptstack/analysisReady', async () => {
    const uri = client.uri(`diagnostics-${counter++}.prompt`);
    const ready = new Promise<{ uri: string; version: number; errors: number }>((resolve) =>
      client.connection.onNotification('promptstack/analysisReady', (p: { uri: string; version: number; errors: number }) => {
        if (p.uri === uri) resolve(p);
      }),
    );
    await client.open(uri, `${FRONTMATTER}${BODY}Also {{city}}.`, 7);
    assert.deepEqual(await ready, { uri, version: 7, errors: 0, warnings: 1 });
  });
});
