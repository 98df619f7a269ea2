/**
 * The partials a prompt uses, read once per prompt: every `{{> name}}` of the template and of the
 * partials themselves, looked up with the prompt's resolver (block partials, `{{#> name}}`, are
 * left to their fallback block, as dotprompt's resolver leaves them). Passed to core
 * as `partials` (data), a prompt is compiled once for all its cases and repeats; with a resolver
 * (a function) core compiles it again on every run. A dynamic partial (`{{> (expression)}}`)
 * cannot be listed: then the resolver is kept.
 */
import type { PartialResolver } from '@promptstack/core';

/** `{{> name`, `{{~> name`: a partial by a literal name. */
const PARTIAL_CALL = /\{\{~?>\s*([^\s}()~]+)/g;
/** A partial whose name is an expression. */
const DYNAMIC_PARTIAL = /\{\{~?>\s*\(/;

/** What core renders the prompt with: its partials as data, or the resolver when they cannot be listed. */
export type PartialOptions = { partials: Record<string, string> } | { partialResolver: PartialResolver };

/** Reads every partial `source` uses, transitively, through `resolver` (one lookup per name). */
export async function resolvePartials(source: string, resolver: PartialResolver): Promise<PartialOptions> {
  const partials: Record<string, string> = {};
  const seen = new Set<string>();
  const pending = [source];
  while (pending.length) {
    const template = pending.pop()!;
    if (DYNAMIC_PARTIAL.test(template)) return { partialResolver: resolver };
    for (const [, name] of template.matchAll(PARTIAL_CALL)) {
      if (seen.has(name!)) continue;
      seen.add(name!);
      const found = await resolver(name!);
      // A missing one is left out: core reports it at render, as it does when the resolver answers null.
      if (typeof found === 'string') {
        partials[name!] = found;
        pending.push(found);
      }
    }
  }
  return { partials };
}
