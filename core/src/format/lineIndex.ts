/**
 * Offset <-> LSP position conversion over one text, built once per analysis.
 * Line breaks are `\r\n`, `\r` and `\n`, as LSP and the Handlebars lexer both count them,
 * and characters are UTF-16 code units (JavaScript string indices), as LSP defaults to.
 */
import type { Position, Range } from './types.ts';

/** Precomputed line starts with binary search, so each lookup is O(log lines). */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 /* \n */) starts.push(i + 1);
      else if (code === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** The position of an offset; offsets outside the text are clamped. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low]! };
  }

  /** The offset of a position; lines and characters past the end are clamped. */
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[line]! + Math.max(0, character), this.text.length);
  }

  /** The range between two offsets. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /** Offset where the line holding `offset` ends (before its line break). */
  lineEndAt(offset: number): number {
    const line = this.positionAt(offset).line;
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next;
    while (end > this.lineStarts[line]! && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }
}
