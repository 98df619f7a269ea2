/**
 * Runs every Dotprompt conformance vector (google/dotprompt `spec/`) through `renderPrompt`,
 * the way dotprompt's own JS spec runner does: render, compare everything but `raw` (unless the
 * vector asks), then compare `renderPromptMetadata` with the expectation minus `messages`.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderPrompt, renderPromptMetadata, type RenderPromptOptions } from '../src/render/renderPrompt.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specDir = process.env.DOTPROMPT_SPEC_DIR ?? join(repoRoot, '..', 'shared', 'dotprompt-spec');

interface SpecTest {
  desc?: string;
  data?: { input?: Record<string, unknown>; context?: Record<string, unknown>; messages?: unknown[]; docs?: unknown[] };
  options?: Record<string, unknown>;
  expect: Record<string, unknown>;
}

interface SpecSuite {
  name: string;
  template: string;
  data?: SpecTest['data'];
  schemas?: Record<string, unknown>;
  tools?: Record<string, unknown>;
  partials?: Record<string, string>;
  resolverPartials?: Record<string, string>;
  tests: SpecTest[];
}

function specFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function optionsFor(suite: SpecSuite, test: SpecTest): RenderPromptOptions {
  const data = { ...suite.data, ...test.data };
  return {
    partials: suite.partials,
    partialResolver: (name) => suite.resolverPartials?.[name] ?? null,
    schemas: suite.schemas,
    tools: suite.tools as RenderPromptOptions['tools'],
    messages: data.messages as RenderPromptOptions['messages'],
    context: data.context,
    docs: data.docs as RenderPromptOptions['docs'],
    metadata: test.options,
  };
}

/** JSON round trip: drops `undefined` members, as vitest's `toEqual` ignores them. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

describe('Dotprompt conformance', function () {
  if (!existsSync(specDir)) {
    const why = `no spec folder at ${specDir} (set DOTPROMPT_SPEC_DIR to the google/dotprompt spec/ folder)`;
    it(`runs the spec vectors: skipped, ${why}`, function () {
      console.warn(`Skipping Dotprompt conformance: ${why}`);
      this.skip();
    });
    return;
  }

  for (const file of specFiles(specDir)) {
    const suites = parse(readFileSync(file, 'utf8')) as SpecSuite[];
    describe(relative(specDir, file).replace(/\.yaml$/, ''), () => {
      for (const suite of suites) {
        describe(suite.name, () => {
          for (const test of suite.tests) {
            it(test.desc ?? 'renders the expected result', async () => {
              const options = optionsFor(suite, test);
              const data = { ...suite.data, ...test.data };
              const { raw, ...rendered } = await renderPrompt(suite.template, data.input ?? {}, options);
              const { raw: expectRaw, ...expected } = test.expect;
              assert.deepStrictEqual(
                plain(rendered),
                plain({
                  ...expected,
                  ext: expected.ext ?? {},
                  config: expected.config ?? {},
                  metadata: expected.metadata ?? {},
                }),
              );
              if (expectRaw) assert.deepStrictEqual(plain(raw), plain(expectRaw));

              const { raw: _metaRaw, ...metadata } = await renderPromptMetadata(suite.template, options);
              const { messages: _messages, ...expectedMetadata } = expected;
              assert.deepStrictEqual(
                plain(metadata),
                plain({
                  ...expectedMetadata,
                  ext: expectedMetadata.ext ?? {},
                  config: expectedMetadata.config ?? {},
                  metadata: expectedMetadata.metadata ?? {},
                }),
              );
            });
          }
        });
      }
    });
  }
});
