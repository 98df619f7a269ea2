/** Fixture text with the cursor marked by `|`. */
import type { Position } from 'vscode-languageserver-protocol';

/**
 * Removes the single cursor mark (`|`, or `marker` where the text itself needs `|`, as in
 * `as |item|`) from `marked` and returns the text and the cursor's position.
 */
export function withCursor(marked: string, marker = '|'): { text: string; position: Position } {
  const offset = marked.indexOf(marker);
  if (offset < 0 || marked.indexOf(marker, offset + 1) >= 0) throw new Error(`fixture needs exactly one ${marker} cursor`);
  const text = marked.slice(0, offset) + marked.slice(offset + marker.length);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

/** Applies non-overlapping LSP text edits to a text, as a client would. */
export function applyEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const lines = text.split('\n');
  const offsetAt = (p: Position) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start) - offsetAt(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetAt(edit.range.start)) + edit.newText + result.slice(offsetAt(edit.range.end));
  return result;
}
