/**
 * Turns a Handlebars parse failure into one diagnostic on the offending tag. The parser names
 * only the open tag of a mismatched block and gives no location at all for lexical errors, so
 * this scans block tags itself to point at the close tag, the unclosed open tag, or the bad text.
 */
import * as handlebarsParser from '@handlebars/parser';
import type { BodyPositions } from './bodyPositions.ts';
import { diagnostic } from './diagnostics.ts';
import { DIAGNOSTIC_CODES, type PromptDiagnostic, type Range } from './types.ts';

/** Block open/close tags, skipping comments: `{{#each`, `{{^if`, `{{/each`, `{{#> layout`, `{{#*inline`. */
const BLOCK_TAG = /\{\{~?(?:!--[\s\S]*?--~?\}\}|![\s\S]*?\}\}|\s*([#^/])\s*([*>]?)\s*([^\s}~()]*))/g;

/** A block-structure problem: which tag, and where its name is. */
export interface TagProblem {
  kind: 'mismatch' | 'stray-close' | 'unclosed';
  name: string;
  /** Offsets in the file of the name to underline. */
  start: number;
  end: number;
  expected?: string;
}

/** The first block-structure problem in the body, as the bottom-up parser meets it. */
export function findBlockProblem(text: string, bodyStart: number): TagProblem | undefined {
  const stack: { name: string; start: number }[] = [];
  BLOCK_TAG.lastIndex = bodyStart;
  for (let match = BLOCK_TAG.exec(text); match; match = BLOCK_TAG.exec(text)) {
    const [whole, sigil, , name = ''] = match;
    if (!sigil || (sigil === '^' && name === '')) continue; // comment, or `{{^}}` (an else)
    const start = match.index + whole.length - name.length;
    if (sigil === '/') {
      const open = stack.pop();
      if (!open) return { kind: 'stray-close', name, start, end: start + name.length };
      if (open.name !== name) return { kind: 'mismatch', name, start, end: start + name.length, expected: open.name };
    } else stack.push({ name, start });
  }
  const unclosed = stack.pop();
  return unclosed ? { kind: 'unclosed', name: unclosed.name, start: unclosed.start, end: unclosed.start + unclosed.name.length } : undefined;
}

interface JisonHash {
  text?: string;
  token?: string | null;
  line?: number;
  loc?: { first_line: number; last_line: number; first_column: number; last_column: number };
  expected?: string[];
}

type ParseError = { message?: string; hash?: JisonHash; lineNumber?: number; column?: number; endLineNumber?: number; endColumn?: number };

/** The block-structure problem behind a thrown parse error, when block tags are what is wrong. */
export function structuralProblem(error: unknown, text: string, bodyStart: number): TagProblem | undefined {
  const err = (error ?? {}) as ParseError;
  const isStructural = /doesn't match/.test(String(err.message ?? error)) || err.hash?.token === 'EOF' || err.hash?.token === 'OPEN_ENDBLOCK';
  return isStructural ? findBlockProblem(text, bodyStart) : undefined;
}

/** One diagnostic for a thrown parse error; never throws itself. */
export function handlebarsErrorDiagnostic(error: unknown, positions: BodyPositions, body: string): PromptDiagnostic {
  const { index, bodyStart } = positions;
  const text = index.text;
  const err = (error ?? {}) as ParseError;
  const message = String(err.message ?? error);
  const report = (range: Range, why: string, data?: Record<string, unknown>) => diagnostic(range, 'error', DIAGNOSTIC_CODES.handlebarsSyntax, why, data);

  const problem = structuralProblem(error, text, bodyStart);
  if (problem) {
    const range = index.rangeOf(problem.start, problem.end);
    if (problem.kind === 'mismatch')
      return report(range, `{{/${problem.name}}} does not close {{#${problem.expected}}}; expected {{/${problem.expected}}}.`, {
        expected: problem.expected,
        found: problem.name,
      });
    if (problem.kind === 'stray-close') return report(range, `{{/${problem.name}}} closes a block that was never opened.`, { found: problem.name });
    return report(range, `{{#${problem.name}}} is never closed; add {{/${problem.name}}}.`, { expected: problem.name });
  }

  const short = message.replace(/ - \d+:\d+$/, '').split('\n')[0]!;
  if (typeof err.lineNumber === 'number' && typeof err.column === 'number') {
    const start = positions.position(err.lineNumber, err.column);
    const end = positions.position(err.endLineNumber ?? err.lineNumber, err.endColumn ?? err.column + 1);
    return report({ start, end }, `Handlebars: ${short}.`);
  }
  const hash = err.hash;
  if (hash?.token === 'EOF' || hash?.token === 'INVALID') {
    const open = unclosedMustache(text, bodyStart);
    if (open !== undefined) return report(index.rangeOf(open, Math.max(open + 2, index.lineEndAt(open))), 'Handlebars: this `{{` is never closed with `}}`.');
  }
  if (hash?.token === 'EOF') {
    const end = index.positionAt(text.length);
    return report({ start: end, end }, `Handlebars: the template ends inside an expression or block (expected ${describeExpected(hash.expected)}).`);
  }
  if (hash?.loc) {
    const { first_line, first_column, last_line, last_column } = hash.loc;
    // jison's loc is often the token before the offending one; the offending text follows it.
    const locStart = positions.offset(positions.position(first_line, first_column));
    const found = hash.text ? text.indexOf(hash.text, locStart) : -1;
    const range =
      found >= 0 && found <= index.lineEndAt(locStart)
        ? index.rangeOf(found, found + hash.text!.length)
        : { start: positions.position(first_line, first_column), end: positions.position(last_line, Math.max(last_column, first_column + 1)) };
    return report(range, `Handlebars: unexpected ${hash.text ? `'${hash.text}'` : hash.token}; expected ${describeExpected(hash.expected)}.`);
  }
  const offset = lexicalErrorOffset(body);
  if (offset !== undefined) {
    const at = bodyStart + offset;
    // Underline from the tag the bad text sits in, when it is still open at that point.
    const tagStart = text.lastIndexOf('{{', at);
    const closeAfterTag = tagStart < 0 ? -1 : text.indexOf('}}', tagStart);
    const inTag = tagStart >= bodyStart && (closeAfterTag < 0 || closeAfterTag >= at) ? tagStart : at;
    const end = Math.max(index.lineEndAt(inTag), inTag + 1);
    const why = text.startsWith('{{!', inTag) ? 'Handlebars: this comment is never closed.' : 'Handlebars: unrecognized text in an expression.';
    return report(index.rangeOf(inTag, Math.min(end, text.length)), why);
  }
  return report(index.rangeOf(bodyStart, index.lineEndAt(bodyStart)), `Handlebars: ${short}`);
}

/** The last `{{` with no `}}` after it, if any. */
function unclosedMustache(text: string, bodyStart: number): number | undefined {
  const open = text.lastIndexOf('{{');
  if (open < bodyStart || text.indexOf('}}', open + 2) >= 0) return undefined;
  return open;
}

/** The parser's expected tokens, readable: `'CLOSE', 'ID'` -> `}} or a name`. */
function describeExpected(expected: string[] | undefined): string {
  const names: Record<string, string> = {
    CLOSE: '}}',
    CLOSE_UNESCAPED: '}}}',
    ID: 'a name',
    STRING: 'a string',
    NUMBER: 'a number',
    OPEN_SEXPR: '(',
    CLOSE_SEXPR: ')',
    OPEN_ENDBLOCK: 'a closing {{/...}}',
    EQUALS: '=',
    OPEN_BLOCK_PARAMS: 'as |...|',
    CLOSE_BLOCK_PARAMS: '|',
    DATA: '@data',
    OPEN_ARRAY: '[',
    INVALID: 'unrecognized text',
  };
  const readable = [...new Set((expected ?? []).map((token) => token.replace(/'/g, '')).map((token) => names[token] ?? token.toLowerCase()))];
  return readable.length ? readable.slice(0, 5).join(', ') : 'something else';
}

/** Re-lexes the body to find where the lexer stopped; the parser's error gives no column. */
function lexicalErrorOffset(body: string): number | undefined {
  type Lexer = { setInput(input: string, yy: object): void; lex(): unknown; matched: string; match: string; EOF: number };
  let lexer: Lexer;
  try {
    lexer = Object.create((handlebarsParser as unknown as { parser: { lexer: object } }).parser.lexer) as Lexer;
    lexer.setInput(body, { syntax: { square: 'string' } });
  } catch {
    return undefined;
  }
  try {
    for (let i = 0; i <= body.length + 1; i++) {
      const token = lexer.lex();
      if (token === lexer.EOF || token === 1 || token === 'EOF') return undefined;
    }
  } catch {
    const matched = typeof lexer.matched === 'string' ? lexer.matched.length : 0;
    const pending = typeof lexer.match === 'string' ? lexer.match.length : 0;
    return Math.max(0, Math.min(body.length, matched - pending));
  }
  return undefined;
}
