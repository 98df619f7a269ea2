/**
 * Parses the frontmatter with `yaml`'s Document API, which keeps every node's offsets, and
 * turns it into data, dotted entries with ranges, extension fields and YAML diagnostics.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type ParsedNode } from 'yaml';
import { diagnostic } from './diagnostics.ts';
import type { LineIndex } from './lineIndex.ts';
import { DIAGNOSTIC_CODES, type FrontmatterEntry, type PromptDiagnostic, type Range } from './types.ts';

/** Dotprompt's `RESERVED_METADATA_KEYWORDS` (parse.ts): keys it never treats as extensions. */
export const RESERVED_METADATA_KEYWORDS: readonly string[] = [
  'config',
  'description',
  'ext',
  'input',
  'model',
  'name',
  'output',
  'raw',
  'toolDefs',
  'tools',
  'variant',
  'version',
];

/** Stops alias bombs: `toJS` throws beyond this many alias expansions. */
const MAX_ALIAS_COUNT = 1000;

export interface ParsedFrontmatter {
  /** The document, for callers that need nodes (schema ranges); ranges are frontmatter-relative. */
  doc?: Document.Parsed;
  /** Offset of the frontmatter in the file: add it to any node range. */
  offset: number;
  data: Record<string, unknown>;
  entries: FrontmatterEntry[];
  extensions: Record<string, unknown>;
  diagnostics: PromptDiagnostic[];
}

/** Parses `text.slice(start, end)` as YAML; never throws. */
export function parseFrontmatter(index: LineIndex, start: number, end: number): ParsedFrontmatter {
  const result: ParsedFrontmatter = { offset: start, data: {}, entries: [], extensions: {}, diagnostics: [] };
  const source = index.text.slice(start, end);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { keepSourceTokens: false });
  } catch (error) {
    // yaml reports problems as doc.errors; a throw here would be a bug in it, still not ours to crash on.
    result.diagnostics.push(diagnostic(index.rangeOf(start, end), 'error', DIAGNOSTIC_CODES.yamlSyntax, `YAML could not be parsed: ${String(error)}`));
    return result;
  }
  result.doc = doc;
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const [from, to] = widenToToken(source, problem.pos[0], problem.pos[1]);
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const severity = doc.errors.includes(problem as never) ? 'error' : 'warning';
    result.diagnostics.push(
      diagnostic(index.rangeOf(start + from, start + Math.max(to, from + 1)), severity, DIAGNOSTIC_CODES.yamlSyntax, message, { yamlCode: problem.code }),
    );
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    result.diagnostics.push(diagnostic(index.rangeOf(start, end), 'error', DIAGNOSTIC_CODES.yamlSyntax, `YAML could not be read: ${(error as Error).message}`));
    return result;
  }
  if (data === null || data === undefined) return result;
  if (!isPlainObject(data) || !isMap(doc.contents)) {
    const node = doc.contents as Node | null;
    const range = node?.range ? index.rangeOf(start + node.range[0], start + node.range[1]) : index.rangeOf(start, end);
    result.diagnostics.push(diagnostic(range, 'error', DIAGNOSTIC_CODES.yamlSyntax, 'Frontmatter must be a YAML mapping of keys to values.'));
    return result;
  }
  result.data = data;
  collectEntries(doc.contents, data, '', index, start, result.entries);
  for (const key of Object.keys(data)) {
    // Dotprompt's rule: a non-reserved top-level key with a dot is an extension field.
    if (key.includes('.') && !RESERVED_METADATA_KEYWORDS.includes(key)) result.extensions[key] = data[key];
  }
  return result;
}

/** yaml often marks one character (a duplicate key's first letter); widen that to the whole token. */
function widenToToken(source: string, from: number, to: number): [number, number] {
  if (to - from > 1) return [from, to];
  let end = from;
  while (end < source.length && !/[\s:,[\]{}]/.test(source[end]!)) end++;
  return [from, Math.max(end, from + 1)];
}

/** Walks maps and sequences, emitting a dotted entry per key; `value` follows in parallel. */
function collectEntries(node: unknown, value: unknown, prefix: string, index: LineIndex, offset: number, out: FrontmatterEntry[]): void {
  if (isMap(node)) {
    const object = isPlainObject(value) ? value : {};
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
      const keyText = String(pair.key.value);
      const key = prefix ? `${prefix}.${keyText}` : keyText;
      const child = object[keyText];
      const valueNode = pair.value as ParsedNode | null;
      const entry: FrontmatterEntry = { key, keyRange: index.rangeOf(offset + pair.key.range[0], offset + pair.key.range[1]), value: child };
      if (valueNode?.range) entry.valueRange = index.rangeOf(offset + valueNode.range[0], offset + valueNode.range[1]);
      out.push(entry);
      collectEntries(valueNode, child, key, index, offset, out);
    }
  } else if (isSeq(node)) {
    const array = Array.isArray(value) ? value : [];
    node.items.forEach((item, i) => collectEntries(item, array[i], `${prefix}.${i}`, index, offset, out));
  }
}

/** The node at a key path (`['input', 'schema']`) in a parsed document's mappings. */
export function nodeAt(doc: Document.Parsed | undefined, path: readonly string[]): ParsedNode | undefined {
  let node: unknown = doc?.contents;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
    if (!pair) return undefined;
    node = pair.value;
  }
  return (node ?? undefined) as ParsedNode | undefined;
}

/** The range of a node given the frontmatter offset; the whole token, quotes included. */
export function nodeRange(index: LineIndex, offset: number, node: Node): Range | undefined {
  return node.range ? index.rangeOf(offset + node.range[0], offset + node.range[1]) : undefined;
}

/** Whether a value is a plain object (a YAML mapping), not an array or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
