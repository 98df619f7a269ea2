/**
 * Finds, in the frontmatter's YAML, the node a JSON Schema path points at, for Picoschema as for
 * JSON Schema, so a finding about the converted schema lands on the text the author wrote.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PromptAnalysis } from '@promptstack/core/format/types';

/** The frontmatter as an editable YAML document, and where it sits in the file. */
export interface FrontmatterDocument {
  yaml: Document;
  /** Offset of the frontmatter's first character in the file. */
  offset: number;
  /** The frontmatter's range in the file (between the fences). */
  range: Range;
}

/** Parses the frontmatter of an analysed document, or undefined without one. */
export function frontmatterDocument(analysis: PromptAnalysis, document: TextDocument): FrontmatterDocument | undefined {
  const range = analysis.frontmatterRange;
  if (!range) return undefined;
  const offset = document.offsetAt(range.start);
  const yaml = parseDocument(document.getText(range), { keepSourceTokens: false });
  if (yaml.errors.length > 0) return undefined;
  return { yaml, offset, range };
}

/** The `schema` pair under `output` (the key `schema:` and its value). */
export function outputSchemaPair(yaml: Document): Pair | undefined {
  const output = pairIn(yaml.contents, 'output');
  return output ? pairIn(output.value, 'schema') : undefined;
}

/** A Picoschema key's field name: `age?(integer)` -> `age`. */
export function picoFieldName(key: string): string {
  return key.replace(/\(.*\)$/, '').replace(/\?$/, '');
}

/**
 * The pair whose value is the schema node at `path` (the deepest one found when the path leaves
 * what is written), starting from the `schema:` pair.
 */
export function pairAtPath(schemaPair: Pair, path: readonly string[], picoschema: boolean): Pair {
  let pair = schemaPair;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const node = pair.value;
    if (picoschema) {
      // Picoschema writes `properties` implicitly and an array's item schema as the field's own value.
      if (segment === 'items') continue;
      if (segment !== 'properties' || i + 1 >= path.length || !isMap(node)) return pair;
      const name = path[++i]!;
      const next = node.items.find((p) => isScalar(p.key) && picoFieldName(String(p.key.value)) === name);
      if (!next) return pair;
      pair = next;
    } else {
      const next = pairIn(node, segment);
      if (!next) return pair;
      pair = next;
    }
  }
  return pair;
}

/** The pair with this key in a map node. */
export function pairIn(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  // Keys added through `set` are plain strings, parsed ones are scalars.
  const found = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === key);
  return found as Pair | undefined;
}

/** The file range of a node of the frontmatter. */
export function nodeRange(node: unknown, frontmatter: FrontmatterDocument, document: TextDocument): Range | undefined {
  const range = (node as Node | undefined)?.range;
  if (!range) return undefined;
  return { start: document.positionAt(frontmatter.offset + range[0]), end: document.positionAt(frontmatter.offset + range[1]) };
}

export { isMap, isScalar, isSeq };
