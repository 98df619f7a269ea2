/**
 * Maps Handlebars `loc` (1-based line, 0-based column, relative to the body string) to file
 * positions and offsets, by shifting lines by where the body starts; no search per node.
 */
import type { LineIndex } from './lineIndex.ts';
import type { Position, Range } from './types.ts';

/** A Handlebars source location. */
export interface HbsLoc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** Converts body-relative Handlebars locations into the file's coordinates. */
export class BodyPositions {
  private readonly startLine: number;
  private readonly startCharacter: number;

  constructor(
    readonly index: LineIndex,
    readonly bodyStart: number,
  ) {
    const position = index.positionAt(bodyStart);
    this.startLine = position.line;
    this.startCharacter = position.character;
  }

  /** A body `(line, column)` as a file position. */
  position(line: number, column: number): Position {
    return { line: this.startLine + line - 1, character: line === 1 ? this.startCharacter + column : column };
  }

  /** A node's `loc` as a file range. */
  range(loc: HbsLoc): Range {
    return { start: this.position(loc.start.line, loc.start.column), end: this.position(loc.end.line, loc.end.column) };
  }

  /** A file position as a file offset. */
  offset(position: Position): number {
    return this.index.offsetAt(position.line, position.character);
  }
}
