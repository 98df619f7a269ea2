/**
 * Required variables of a prompt that declares no `input.schema` (the seed's prompts): every
 * input variable the template prints unconditionally, i.e. `{{text}}` at the top level, not
 * inside any block (`{{#if}}`, `{{#each}}`...) and not as a helper argument. Those must be in a
 * run's input, or the provider would get a prompt with a hole in it; variables used only
 * conditionally stay optional. Prompts with a schema are checked against the schema instead.
 */
import { analyzePromptFile, type Position, type Range } from '@promptstack/core';

/** Analyses by source text; versions are immutable, so a source's answer never changes. */
const cache = new Map<string, string[] | undefined>();
const CACHE_LIMIT = 500;

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function inside(inner: Range, outer: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** The unconditionally printed top-level variables, or undefined when the prompt has a schema. */
export function requiredTemplateVariables(source: string): string[] | undefined {
  if (cache.has(source)) return cache.get(source);
  const analysis = analyzePromptFile(source);
  let required: string[] | undefined;
  if (analysis.inputFields === undefined) {
    const names = analysis.variables
      .filter((v) => v.scope === 'input' && !v.asArgument && v.inputPath?.length)
      .filter((v) => !analysis.blocks.some((block) => inside(v.range, block.contentRange)))
      .map((v) => v.inputPath![0]!);
    required = [...new Set(names)];
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(source, required);
  return required;
}

/** The required variables `input` lacks (absent or undefined), in template order. */
export function missingTemplateVariables(source: string, input: Record<string, unknown>): string[] {
  return (requiredTemplateVariables(source) ?? []).filter((name) => input[name] === undefined);
}
