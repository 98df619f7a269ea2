/**
 * Parses a `name.tests.yaml` file into test cases, or diagnostics with ranges: YAML syntax
 * errors and schema violations both point at the offending node. Never throws.
 *
 * A valid file (the common case, and a CI run's thousands of cases) is read once, straight into
 * plain values with js-yaml, about three times faster than building the `yaml` library's
 * Document and converting it. Positions are wanted only for problems, so the `yaml` Document
 * (node ranges, its error messages) is built only when there is one to point at.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { isNode, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { unknownDiscriminatorMessage } from '../format/closeMatch.ts';
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

/** The `yaml` library's default limit, so a file of nested aliases cannot expand without end. */
const MAX_ALIASES = 100;

/** The file with node positions, built only to place a problem. */
interface PositionedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

function positioned(text: string): PositionedYaml {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
}

function rangeOf(lines: LineCounter, start: number, end: number): Range {
  const a = lines.linePos(start);
  const b = lines.linePos(Math.max(start, end));
  // LineCounter is 1-based; LSP ranges are 0-based.
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

/** The deepest node along `path` that exists, so a missing key points at its parent. */
function nodeAt(doc: Document.Parsed, path: PropertyKey[]): Node | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = doc.getIn(
      path.slice(0, length).map((p) => (typeof p === 'symbol' ? String(p) : p)),
      true,
    );
    if (isNode(node) && node.range) return node;
  }
  return isNode(doc.contents) ? doc.contents : undefined;
}

/** The syntax errors of a file js-yaml refused, as the `yaml` library words and places them. */
function syntaxDiagnostics(text: string, error: unknown): TestCasesDiagnostic[] {
  const { doc, lines } = positioned(text);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({ message: e.message.split('\n')[0]!, range: rangeOf(lines, e.pos[0], e.pos[1]), path: '' }));
  }
  // Something only js-yaml refuses (its alias limit): its own reason at its own mark (0-based).
  const mark = error instanceof YAMLException ? error.mark : undefined;
  const at = { line: mark?.line ?? 0, character: mark?.column ?? 0 };
  return [{ message: error instanceof YAMLException ? error.reason : String(error), range: { start: at, end: at }, path: '' }];
}

/** Parses the text of a tests file. */
export function parseTestCases(text: string): ParsedTestCases {
  let data: unknown;
  try {
    // Duplicate keys throw (as `uniqueKeys` makes the `yaml` library report them).
    data = load(text, { schema: CORE_SCHEMA, maxAliases: MAX_ALIASES });
  } catch (error) {
    return { diagnostics: syntaxDiagnostics(text, error) };
  }
  const parsed = testCasesFileSchema.safeParse(data ?? {});
  if (parsed.success) return { file: parsed.data, diagnostics: [] };
  const { doc, lines } = positioned(text);
  const diagnostics = parsed.error.issues.map((issue) => {
    const node = nodeAt(doc, issue.path);
    const [start, end] = node?.range ?? [0, 0];
    const path = issue.path.map(String).join('.');
    // An unknown assertion type names the type it most likely misspells; other issues keep zod's words.
    const message = unknownDiscriminatorMessage(issue, isScalar(node) ? node.value : undefined) ?? issue.message;
    return { message: path ? `${path}: ${message}` : message, range: rangeOf(lines, start, end), path };
  });
  return { diagnostics };
}
