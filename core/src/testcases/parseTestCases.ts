/**
 * Parses a `name.tests.yaml` file into test cases, or diagnostics with ranges: YAML syntax
 * errors and schema violations both point at the offending node. Never throws.
 */
import { isNode, LineCounter, parseDocument, type Node } from 'yaml';
import type { Range } from '../format/types.ts';
import { testCasesFileSchema, type TestCasesFile } from './schema.ts';

/** A problem in a tests file, with where it is. */
export interface TestCasesDiagnostic {
  message: string;
  range: Range;
  /** Path of the offending value (`tests.0.assert.1.value`), empty for syntax errors. */
  path: string;
}

/** The parsed file (when valid) and every problem found. */
export interface ParsedTestCases {
  file?: TestCasesFile;
  diagnostics: TestCasesDiagnostic[];
}

function rangeOf(lines: LineCounter, start: number, end: number): Range {
  const a = lines.linePos(start);
  const b = lines.linePos(Math.max(start, end));
  // LineCounter is 1-based; LSP ranges are 0-based.
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

/** The deepest node along `path` that exists, so a missing key points at its parent. */
function nodeAt(doc: ReturnType<typeof parseDocument>, path: PropertyKey[]): Node | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = doc.getIn(
      path.slice(0, length).map((p) => (typeof p === 'symbol' ? String(p) : p)),
      true,
    );
    if (isNode(node) && node.range) return node;
  }
  return isNode(doc.contents) ? doc.contents : undefined;
}

/** Parses the text of a tests file. */
export function parseTestCases(text: string): ParsedTestCases {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((error) => ({
    message: error.message.split('\n')[0]!,
    range: rangeOf(lines, error.pos[0], error.pos[1]),
    path: '',
  }));
  if (syntax.length > 0) return { diagnostics: syntax };

  const parsed = testCasesFileSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { file: parsed.data, diagnostics: [] };
  const diagnostics = parsed.error.issues.map((issue) => {
    const node = nodeAt(doc, issue.path);
    const [start, end] = node?.range ?? [0, 0];
    const path = issue.path.map(String).join('.');
    return { message: path ? `${path}: ${issue.message}` : issue.message, range: rangeOf(lines, start, end), path };
  });
  return { diagnostics };
}
