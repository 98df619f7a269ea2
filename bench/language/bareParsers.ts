/**
 * The floor every analysis is compared against: what `yaml` and `@handlebars/parser` alone take
 * to parse the same text, frontmatter split off the way Dotprompt splits it.
 */
import { parse as parseHandlebars } from '@handlebars/parser';
import { parseDocument } from 'yaml';

// Dotprompt's own frontmatter pattern (dotprompt/src/parse.ts).
const FRONTMATTER = /^---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)([\s\S]*)$/;

/** Parses the text with the two bare parsers; returns something derived from both so nothing is optimised away. */
export function bareParse(text: string): number {
  const match = FRONTMATTER.exec(text);
  const frontmatter = match?.[1] ?? '';
  const body = match ? (match[2] ?? '') : text;
  const document = parseDocument(frontmatter);
  let bodyNodes = 0;
  try {
    bodyNodes = parseHandlebars(body).body.length;
  } catch {
    // A template the parser rejects still cost its parse; the analyzer would report it.
  }
  return document.errors.length + bodyNodes;
}
