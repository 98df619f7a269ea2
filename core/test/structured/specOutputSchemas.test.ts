/**
 * Dotprompt's own spec prompts that declare an output schema run unchanged: each is run (with a
 * model chosen by the run, as the spec prompts name none) against the local provider on all three
 * wires, the schema dotprompt rendered is what goes out, and an answer built from it validates.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';
import { runPrompt } from '../../src/runner/runPrompt.ts';
import type { RunPromptOptions } from '../../src/runner/types.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const specDir = process.env.DOTPROMPT_SPEC_DIR ?? join(repoRoot, '..', 'shared', 'dotprompt-spec');
const specFile = join(specDir, 'picoschema.yaml');

interface SpecSuite {
  name: string;
  template: string;
  schemas?: Record<string, Record<string, unknown>>;
  tests: { expect: { input?: { schema?: Record<string, any> }; output?: { schema?: Record<string, unknown> } } }[];
}

/** A value that matches `schema` (the shapes Picoschema produces: scalars, enums, objects, arrays, any). */
function sampleOf(schema: Record<string, any> | undefined): unknown {
  if (!schema || Object.keys(schema).length === 0) return 'anything';
  if (Array.isArray(schema.enum)) return schema.enum.find((value: unknown) => value !== null) ?? null;
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(schema.items)];
    case 'null':
      return null;
    default:
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleOf(value as Record<string, any>)]));
  }
}

const MODELS = ['openai/gpt-4o', 'anthropic/claude-haiku-4-5', 'googleai/gemini-2.5-flash'];

describe("Dotprompt's spec prompts with output schemas", function () {
  if (!existsSync(specFile)) {
    it(`run unchanged: skipped, no ${specFile}`, function () {
      this.skip();
    });
    return;
  }
  // Runs take an object of input variables, so a prompt whose whole input is one scalar is left out.
  const suites = (parse(readFileSync(specFile, 'utf8')) as SpecSuite[]).filter(
    (suite) => suite.tests[0]?.expect.output?.schema && [undefined, 'object'].includes(suite.tests[0].expect.input?.schema?.type),
  );
  let server: LocalProviderServer;
  let base: Pick<RunPromptOptions, 'credentials'>;

  before(async () => {
    server = await startLocalProviderServer({ apiKey: 'k' });
    base = { credentials: server.credentials };
  });
  after(() => server.close());

  it('finds the spec prompts that declare one', () => {
    assert.ok(suites.length >= 10, `${suites.length} suites`);
  });

  for (const suite of suites) {
    it(`runs ${suite.name} on every provider and validates the answer`, async () => {
      const expected = suite.tests[0]!.expect.output!.schema!;
      const answer = sampleOf(expected);
      server.setScript({ '*': { json: answer } });
      for (const model of MODELS) {
        server.requests.length = 0;
        const input = sampleOf(suite.tests[0]!.expect.input?.schema ?? { type: 'object' }) as Record<string, unknown>;
        // The spec prompts are frontmatter only; the APIs refuse a request without a message, so one line of body is added.
        const source = `${suite.template.replace(/\s+$/, '')}\nAnswer as JSON.`;
        const result = await runPrompt({ ...base, source, model, input, ...(suite.schemas ? { schemas: suite.schemas } : {}) });
        // A spec input schema may not accept the spec's (rendering-only) data; the output is what is checked here.
        if (result.error?.kind === 'invalid_input') assert.fail(`${model}: ${result.error.message}`);
        assert.equal(result.status, 'success', `${model}: ${result.error?.message}`);
        assert.equal(result.schemaValid, true);
        assert.deepEqual(result.outputJson, answer);
        const body = server.requests[0]!.body;
        const sent = body.response_format?.json_schema?.schema ?? body.output_config?.format?.schema ?? body.generationConfig?.responseJsonSchema;
        assert.deepEqual(sent, expected, `${model} sends the schema dotprompt rendered`);
      }
    });
  }
});
