/** What the input-schema readers share: ranges, defaults and the diagnostics they add to. */
import { isScalar, Scalar, type Node } from 'yaml';
import { isPlainObject } from './frontmatterYaml.ts';
import type { LineIndex } from './lineIndex.ts';
import type { InputField, PromptDiagnostic, Range } from './types.ts';

export interface SchemaContext {
  index: LineIndex;
  /** Offset of the frontmatter in the file. */
  offset: number;
  diagnostics: PromptDiagnostic[];
  schemaExists?: (name: string) => boolean;
}

/** The range of a whole node. */
export function rangeOfNode(ctx: SchemaContext, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  return ctx.index.rangeOf(ctx.offset + start, ctx.offset + end);
}

/**
 * The range of characters `[from, to)` of a scalar's value. Exact for plain scalars written
 * on one line (the source is the value); for quoted or folded ones, the whole token.
 */
export function rangeInScalar(ctx: SchemaContext, node: Node, from: number, to: number): Range {
  if (isScalar(node) && node.range && node.type === Scalar.PLAIN && typeof node.value === 'string') {
    const start = ctx.offset + node.range[0];
    if (ctx.index.text.startsWith(node.value, start)) return ctx.index.rangeOf(start + from, start + to);
  }
  return rangeOfNode(ctx, node);
}

/** Looks up the default for a field path in `input.default` (`['user', 'name']`). */
export function defaultAt(defaults: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
  let current = defaults;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return { found: false };
    current = current[segment];
  }
  return { found: true, value: current };
}

/** A field with its default filled from `input.default`. */
export function withDefault(field: Omit<InputField, 'hasDefault'>, defaults: unknown): InputField {
  const { found, value } = defaultAt(defaults, field.path);
  return found ? { ...field, default: value, hasDefault: true } : { ...field, hasDefault: false };
}
