/**
 * Fixture helper: `«` and `»` mark expected ranges in a fixture, so tests assert exact positions.
 * `marked('Hello {{«name»}}')` gives the text without markers and the range of `name`.
 */
import { LineIndex } from '../../src/format/lineIndex.ts';
import type { PromptAnalysis, PromptDiagnostic, Range } from '../../src/format/types.ts';

export interface Marked {
  text: string;
  ranges: Range[];
}

/** Strips `«...»` markers, returning the text and the marked ranges in order. */
export function marked(source: string): Marked {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (const char of source) {
    if (char === '«') open.push(text.length);
    else if (char === '»') spans.push({ start: open.pop()!, end: text.length });
    else text += char;
  }
  spans.sort((a, b) => a.start - b.start);
  const index = new LineIndex(text);
  return { text, ranges: spans.map((span) => index.rangeOf(span.start, span.end)) };
}

/** A range as `line:char-line:char`, so failures read well. */
export function show(range: Range | undefined): string {
  if (!range) return 'none';
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** The diagnostics with a code, as `code@range`. */
export function diagnosticsWith(analysis: PromptAnalysis, code: string): PromptDiagnostic[] {
  return analysis.diagnostics.filter((d) => d.code === code);
}
