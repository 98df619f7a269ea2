/** Small position/range arithmetic shared by the feature functions (LSP zero-based UTF-16). */
import type { Position, Range } from 'vscode-languageserver';

/** Negative when `a` is before `b`, zero when equal. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Whether `position` lies in `range`, both ends included (a cursor right after a word is on it). */
export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Whether `inner` lies entirely within `outer`. */
export function rangeWithin(inner: Range, outer: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** The smallest item whose range contains the position. */
export function innermost<T>(items: readonly T[], rangeOf: (item: T) => Range, position: Position): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (!rangeContains(rangeOf(item), position)) continue;
    if (!best || rangeWithin(rangeOf(item), rangeOf(best))) best = item;
  }
  return best;
}
