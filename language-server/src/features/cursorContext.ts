/**
 * What the cursor is in, read from the text around it (the analysis may be of a version a
 * keystroke old, and a half-typed `{{us` is not a valid mustache yet): a frontmatter key or
 * value, or a mustache with its sigil, the path typed so far and the word being completed.
 */
import type { Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** A frontmatter key being typed, under `parentPath` (`['config']`). */
export interface FrontmatterKeyContext {
  kind: 'frontmatterKey';
  parentPath: string[];
  /** Sibling keys already written at the same level. */
  siblings: string[];
  range: Range;
}

/** A frontmatter value being typed after `key:`. */
export interface FrontmatterValueContext {
  kind: 'frontmatterValue';
  keyPath: string[];
  range: Range;
}

/** Inside `{{ ... }}` in the body. */
export interface MustacheContext {
  kind: 'mustache';
  /** `#` block open, `/` block close, `>` partial, `^` inverse, '' plain. */
  sigil: '' | '#' | '/' | '>' | '^';
  /** Whether the word is the mustache's first (a helper or a variable) rather than an argument. */
  firstWord: boolean;
  /** Path segments typed before the word (`['user']` in `{{user.na`), without `../`. */
  segments: string[];
  /** Number of leading `../`. */
  parentHops: number;
  /** Range of the word being completed (replaced by the completion). */
  range: Range;
  /** Whether `}}` already follows the cursor (so snippets need not close the tag). */
  closed: boolean;
}

export type CursorContext = FrontmatterKeyContext | FrontmatterValueContext | MustacheContext | { kind: 'none' };

const FENCE = /^---\s*$/;
/** How far back a mustache may open: a tag longer than this is not being typed by hand. */
const MAX_TAG_LOOKBACK = 4096;

/** Line index of the closing frontmatter fence, -1 if unclosed, undefined if there is no frontmatter. */
export function frontmatterEndLine(document: TextDocument): number | undefined {
  const first = document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } });
  if (!FENCE.test(first.replace(/\r?\n$/, ''))) return undefined;
  for (let line = 1; line < document.lineCount; line++) {
    if (FENCE.test(lineText(document, line))) return line;
  }
  return -1;
}

/** The text of one line without its line break. */
export function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** The cursor's context at `offset`. */
export function cursorContext(document: TextDocument, offset: number): CursorContext {
  const position = document.positionAt(offset);
  const fmEnd = frontmatterEndLine(document);
  if (fmEnd !== undefined && position.line > 0 && (fmEnd === -1 || position.line < fmEnd)) {
    return frontmatterContext(document, position.line, position.character);
  }
  if (fmEnd !== undefined && position.line <= fmEnd) return { kind: 'none' };
  return mustacheContext(document, offset);
}

function frontmatterContext(document: TextDocument, line: number, character: number): CursorContext {
  const before = lineText(document, line).slice(0, character);
  const indent = /^\s*/.exec(before)![0].length;
  const parentPath = parentKeys(document, line, indent);
  const keyOnly = /^(\s*)([\w.-]*)$/.exec(before);
  if (keyOnly) {
    const start = keyOnly[1]!.length;
    return {
      kind: 'frontmatterKey',
      parentPath,
      siblings: siblingKeys(document, line, indent),
      range: { start: { line, character: start }, end: { line, character } },
    };
  }
  const value = /^(\s*)([\w.-]+)\s*:\s*/.exec(before);
  if (value) {
    return {
      kind: 'frontmatterValue',
      keyPath: [...parentPath, value[2]!],
      range: { start: { line, character: value[0].length }, end: { line, character } },
    };
  }
  return { kind: 'none' };
}

/** Keys of the enclosing mappings, outermost first, found by walking up to smaller indents. */
function parentKeys(document: TextDocument, line: number, indent: number): string[] {
  const path: string[] = [];
  let wanted = indent;
  for (let l = line - 1; l > 0 && wanted > 0; l--) {
    const match = /^(\s*)([\w.-]+)\s*:\s*(#.*)?$/.exec(lineText(document, l));
    if (match && match[1]!.length < wanted) {
      path.unshift(match[2]!);
      wanted = match[1]!.length;
    } else if (/^\S/.test(lineText(document, l))) break;
  }
  return path;
}

/** Keys written at the same indent within the same parent, above and below the cursor line. */
function siblingKeys(document: TextDocument, line: number, indent: number): string[] {
  const keys: string[] = [];
  const fmEnd = frontmatterEndLine(document) ?? -1;
  const last = fmEnd === -1 ? document.lineCount : fmEnd;
  for (const step of [-1, 1]) {
    for (let l = line + step; l > 0 && l < last; l += step) {
      const text = lineText(document, l);
      if (text.trim() === '') continue;
      const lineIndent = /^\s*/.exec(text)![0].length;
      if (lineIndent < indent) break;
      const key = /^\s*([\w.-]+)\s*:/.exec(text);
      if (lineIndent === indent && key) keys.push(key[1]!);
    }
  }
  return keys;
}

function mustacheContext(document: TextDocument, offset: number): CursorContext {
  const from = Math.max(0, offset - MAX_TAG_LOOKBACK);
  const before = document.getText().slice(from, offset);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return { kind: 'none' };
  let inner = before
    .slice(open + 2)
    .replace(/^\{/, '')
    .replace(/^~/, '');
  if (inner.startsWith('!')) return { kind: 'none' };
  const sigilMatch = /^\s*([#/>^]?)\s*/.exec(inner)!;
  const sigil = sigilMatch[1] as MustacheContext['sigil'];
  inner = inner.slice(sigilMatch[0].length);
  // Inside `as |...|` the user names new parameters: nothing to offer.
  if (/\bas\s+\|[^|]*$/.test(inner)) return { kind: 'none' };
  const word = /(?:\.\.\/)*[\w@$-]*(?:[./][\w@$-]*)*$/.exec(inner)![0];
  const firstWord = inner.length === word.length;
  let path = word;
  let parentHops = 0;
  while (path.startsWith('../')) {
    path = path.slice(3);
    parentHops++;
  }
  // Partial names may hold a folder (`{{> shared/footer}}`): the whole word is the name.
  const parts = sigil === '>' ? [path] : path.split(/[./]/);
  const prefix = parts.pop() ?? '';
  const after = document.getText().slice(offset, offset + MAX_TAG_LOOKBACK);
  return {
    kind: 'mustache',
    sigil,
    firstWord,
    segments: parts,
    parentHops,
    range: { start: document.positionAt(offset - prefix.length), end: document.positionAt(offset) },
    closed: /^[\w@$.-]*\s*~?\}\}/.test(after),
  };
}
