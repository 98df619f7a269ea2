/**
 * Checks the frontmatter against what Dotprompt and the model catalog accept: unknown keys,
 * wrong value types, unknown models and config values out of range. Each diagnostic sits on
 * the offending token: the key for unknown keys, the value for everything else.
 */
import { isMap, isPair, isScalar, Scalar, type Node, type Pair } from 'yaml';
import { findModel, nearestModelIds, parseModelId, PROVIDER_PREFIXES, type ModelInfo } from '../models/catalog.ts';
import { closeMatch } from './closeMatch.ts';
import { diagnostic } from './diagnostics.ts';
import { isPlainObject, nodeAt, nodeRange, RESERVED_METADATA_KEYWORDS, type ParsedFrontmatter } from './frontmatterYaml.ts';
import { findFrontmatterKey, TOP_LEVEL_KEYS, type FrontmatterKeyInfo } from './knownKeys.ts';
import type { LineIndex } from './lineIndex.ts';
import { DIAGNOSTIC_CODES, type PromptDiagnostic, type Range } from './types.ts';

export interface FrontmatterCheckResult {
  model?: { id: string; range: Range };
  diagnostics: PromptDiagnostic[];
}

/** Keys whose children are checked against the table (others, like `metadata`, are free-form). */
const CHECKED_PARENTS = new Set(['input', 'output']);

/** Runs every frontmatter check; never throws. */
export function checkFrontmatter(parsed: ParsedFrontmatter, index: LineIndex): FrontmatterCheckResult {
  const result: FrontmatterCheckResult = { diagnostics: [] };
  const root = parsed.doc?.contents;
  if (!isMap(root)) return result;
  const at = (node: Node) => nodeRange(index, parsed.offset, node);
  // A value the YAML parser choked on is reported as the syntax error it is, not judged by its type too.
  const errors = parsed.doc?.errors ?? [];
  const broken = (pair: Pair) => {
    const range = (pair.value as Node | null)?.range;
    return range != null && errors.some((error) => error.pos[0] >= range[0] && error.pos[0] <= range[2]);
  };

  for (const pair of root.items) {
    const key = keyText(pair);
    if (key === undefined || !isScalar(pair.key)) continue;
    const keyRange = at(pair.key)!;
    const info = findFrontmatterKey(key);
    if (!info) {
      if (!key.includes('.') && !RESERVED_METADATA_KEYWORDS.includes(key)) result.diagnostics.push(unknownKey(key, keyRange, TOP_LEVEL_KEYS));
      continue;
    }
    if (!broken(pair)) checkType(info, pair, at, result.diagnostics);
    if (CHECKED_PARENTS.has(key) && isMap(pair.value)) {
      const children = TOP_LEVEL_CHILDREN.get(key) ?? [];
      for (const child of pair.value.items) {
        const childKey = keyText(child);
        if (childKey === undefined || !isScalar(child.key)) continue;
        const childInfo = findFrontmatterKey(`${key}.${childKey}`);
        if (!childInfo) result.diagnostics.push(unknownKey(`${key}.${childKey}`, at(child.key)!, children, childKey));
        else if (!broken(child)) checkType(childInfo, child, at, result.diagnostics);
      }
    }
  }

  const modelNode = nodeAt(parsed.doc, ['model']);
  let model: ModelInfo | undefined;
  if (isScalar(modelNode) && typeof modelNode.value === 'string' && modelNode.value.trim() !== '') {
    const range = innerRange(modelNode, index, parsed.offset);
    result.model = { id: modelNode.value, range };
    model = findModel(modelNode.value);
    if (!model) result.diagnostics.push(unknownModel(modelNode.value, range));
  }
  checkConfig(parsed, index, model, result.diagnostics);
  return result;
}

/** Known children of `input` and `output`, by parent, for suggestions. */
const TOP_LEVEL_CHILDREN = new Map<string, string[]>([
  ['input', ['schema', 'default']],
  ['output', ['format', 'schema']],
]);

function unknownKey(key: string, range: Range, candidates: readonly string[], written = key): PromptDiagnostic {
  const suggestion = closeMatch(written, candidates);
  const message = `Unknown frontmatter key '${key}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Dotprompt ignores it; use a dotted extension key (\`myapp.${written}\`) for custom data.`;
  return diagnostic(range, 'warning', DIAGNOSTIC_CODES.unknownFrontmatterKey, message, suggestion ? { key, suggestions: [suggestion] } : { key });
}

function unknownModel(id: string, range: Range): PromptDiagnostic {
  const { prefix } = parseModelId(id);
  if (prefix !== undefined && !PROVIDER_PREFIXES[prefix]) {
    // Genkit plugins (ollama, mistral...) bring their own models; we cannot judge those ids.
    return diagnostic(
      range,
      'information',
      DIAGNOSTIC_CODES.unknownModel,
      `Provider '${prefix}' is not in the PromptStack catalog, so '${id}' is not checked.`,
      { provider: prefix },
    );
  }
  const suggestions = nearestModelIds(id);
  const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
  return diagnostic(range, 'warning', DIAGNOSTIC_CODES.unknownModel, `Unknown model '${id}'.${hint}`, { model: id, suggestions });
}

/** Reports a value whose YAML type does not fit the key (nulls are left alone: the user is typing). */
function checkType(info: FrontmatterKeyInfo, pair: Pair, at: (node: Node) => Range | undefined, out: PromptDiagnostic[]): void {
  const node = pair.value as Node | null;
  if (!node || (isScalar(node) && node.value === null)) return;
  const value = isScalar(node) ? node.value : node.toJSON();
  const problem = typeProblem(info, value);
  if (problem && node.range) out.push(diagnostic(at(node)!, 'error', DIAGNOSTIC_CODES.frontmatterType, `'${info.key}' ${problem}.`, { key: info.key }));
}

function typeProblem(info: FrontmatterKeyInfo, value: unknown): string | undefined {
  switch (info.valueKind) {
    case 'model':
      return typeof value === 'string' ? undefined : 'must be a model id string';
    case 'string':
      // Labels like `version: 2` are fine as numbers; only structures are wrong.
      return typeof value === 'object' ? 'must be a single value, not a list or mapping' : undefined;
    case 'object':
      return isPlainObject(value) ? undefined : 'must be a mapping of keys to values';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be a list';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : 'must be a list of strings';
    default:
      return undefined;
  }
}

/** Checks `config.*` values against the table's kinds and bounds and the model's output limit. */
function checkConfig(parsed: ParsedFrontmatter, index: LineIndex, model: ModelInfo | undefined, out: PromptDiagnostic[]): void {
  const config = nodeAt(parsed.doc, ['config']);
  if (!isMap(config)) return;
  for (const pair of config.items) {
    const key = keyText(pair);
    const info = key === undefined ? undefined : findFrontmatterKey(`config.${key}`);
    const node = pair.value as Node | null;
    if (!info || !node?.range || (isScalar(node) && node.value === null)) continue;
    const range = nodeRange(index, parsed.offset, node)!;
    const value = isScalar(node) ? node.value : node.toJSON();
    const name = key!;
    if (info.valueKind === 'string[]') {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        out.push(diagnostic(range, 'error', DIAGNOSTIC_CODES.configType, `'${name}' must be a list of strings.`, { key: name }));
      }
      continue;
    }
    if (typeof value !== 'number' || Number.isNaN(value)) {
      out.push(diagnostic(range, 'error', DIAGNOSTIC_CODES.configType, `'${name}' must be a number, got ${describe(value)}.`, { key: name }));
      continue;
    }
    if (info.valueKind === 'integer' && !Number.isInteger(value)) {
      out.push(diagnostic(range, 'error', DIAGNOSTIC_CODES.configType, `'${name}' must be a whole number, got ${value}.`, { key: name }));
      continue;
    }
    const modelMax = name === 'maxOutputTokens' ? model?.maxOutputTokens : undefined;
    const max = modelMax ?? info.max;
    if ((info.min !== undefined && value < info.min) || (max !== undefined && value > max)) {
      const bounds = max === undefined ? `at least ${info.min}` : `between ${info.min} and ${max}`;
      const why = modelMax !== undefined && model ? ` (${model.displayName} writes at most ${max} tokens)` : '';
      // An error, not a warning: providers reject the whole call for a value outside these bounds.
      out.push(
        diagnostic(range, 'error', DIAGNOSTIC_CODES.configOutOfRange, `'${name}' must be ${bounds}${why}, got ${value}.`, { key: name, min: info.min, max }),
      );
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? `the string "${value}"` : `${typeof value} ${String(value)}`;
}

/** A pair's key as text when it is a scalar. */
function keyText(pair: unknown): string | undefined {
  return isPair(pair) && isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** A scalar's range without its quotes, so a replacement keeps them. */
export function innerRange(node: Scalar, index: LineIndex, offset: number): Range {
  const [start, end] = node.range!;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return quoted && end - start >= 2 ? index.rangeOf(offset + start + 1, offset + end - 1) : index.rangeOf(offset + start, offset + end);
}
