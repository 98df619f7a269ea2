/**
 * The partials a template includes: `{{> name}}` (and `{{> "name"}}`) references, without the
 * names it defines itself with `{{#*inline "name"}}` and without dynamic `{{> (expr)}}` names.
 * What a backend records with a prompt version and what a push sends with it.
 */
import { analyzePromptFile } from './analyzePromptFile.ts';

/** `{{#*inline "name"}}` openings (the names a template defines for itself). */
const INLINE_PARTIAL = /\{\{~?#\*inline\s+["']([^"']+)["']/g;

/** The partial names `source` includes, each once, in order of first use. */
export function includedPartialNames(source: string): string[] {
  const analysis = analyzePromptFile(source);
  if (analysis.partials.length === 0) return [];
  const inline = new Set([...source.matchAll(INLINE_PARTIAL)].map((m) => m[1] ?? ''));
  return [...new Set(analysis.partials.map((p) => p.name))].filter((name) => !inline.has(name));
}
