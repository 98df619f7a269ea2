/**
 * Splits a `.prompt` file into frontmatter and body exactly where Dotprompt splits it,
 * and says why when a file opens a frontmatter fence that Dotprompt would not accept.
 */

/**
 * Dotprompt's own `FRONTMATTER_AND_BODY_REGEX` (dotprompt/src/parse.ts) without its trailing
 * `([\s\S]*)$` body group, which always matches the rest: dropping it keeps the match
 * identical and avoids capturing a megabyte body. The `d` flag gives group offsets.
 */
const FRONTMATTER_REGEX = /^---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)/d;

/** A closing fence at the very end of the file, with no line break after it. */
const FENCE_AT_EOF_REGEX = /^---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---[ \t]*$/d;

/** `---` directly followed by `---`: Dotprompt's regex needs a line between the fences. */
const EMPTY_FENCES_REGEX = /^---[ \t]*(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)/;

/** The opening fence line: `---` then optional spaces, then a line break or the end. */
const OPENING_FENCE_REGEX = /^---[ \t]*(?:\r\n|\r|\n|$)/;

/** How the file's start relates to Dotprompt's frontmatter rule. */
export type FenceProblem = 'none' | 'unclosed' | 'no-break-after-close' | 'empty-fences';

export interface PromptFileSplit {
  /** Offsets of the frontmatter text (between the fences); absent when there is none. */
  frontmatter?: { start: number; end: number };
  /** Offset where the body (the template) starts. */
  bodyStart: number;
  problem: FenceProblem;
}

/** Splits `text` into frontmatter and body offsets, mirroring Dotprompt's parse. */
export function splitPromptFile(text: string): PromptFileSplit {
  const match = FRONTMATTER_REGEX.exec(text);
  if (match?.indices?.[1]) {
    const [start, end] = match.indices[1];
    return { frontmatter: { start, end }, bodyStart: match[0].length, problem: 'none' };
  }
  if (!OPENING_FENCE_REGEX.test(text)) return { bodyStart: 0, problem: 'none' };

  // Dotprompt would treat the whole file as template here. The editor still reads the fenced
  // part as frontmatter (completion and hover keep working while the user types) and reports
  // the fence problem as a diagnostic.
  const empty = EMPTY_FENCES_REGEX.exec(text);
  if (empty) {
    const start = afterFirstBreak(text);
    return { frontmatter: { start, end: start }, bodyStart: empty[0].length, problem: 'empty-fences' };
  }
  const atEof = FENCE_AT_EOF_REGEX.exec(text);
  if (atEof?.indices?.[1]) {
    const [start, end] = atEof.indices[1];
    return { frontmatter: { start, end }, bodyStart: text.length, problem: 'no-break-after-close' };
  }
  const start = afterFirstBreak(text);
  return { frontmatter: { start, end: text.length }, bodyStart: text.length, problem: 'unclosed' };
}

/** Offset just after the first line break, or the text's length when there is none. */
function afterFirstBreak(text: string): number {
  const firstBreak = text.search(/\r\n|\r|\n/);
  if (firstBreak < 0) return text.length;
  return firstBreak + (text.startsWith('\r\n', firstBreak) ? 2 : 1);
}
