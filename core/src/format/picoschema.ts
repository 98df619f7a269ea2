/**
 * Reads a Picoschema `input.schema` into input fields with ranges, following the rules of
 * Dotprompt's own parser (dotprompt/src/picoschema.ts) so that what it rejects is reported here,
 * at the exact part of the key or value that is wrong.
 */
import { closest } from 'fastest-levenshtein';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { diagnostic } from './diagnostics.ts';
import { rangeInScalar, rangeOfNode, withDefault, type SchemaContext } from './schemaContext.ts';
import { DIAGNOSTIC_CODES, type InputField, type Range } from './types.ts';

/** Dotprompt's `JSON_SCHEMA_SCALAR_TYPES`. */
export const PICOSCHEMA_SCALAR_TYPES: readonly string[] = ['any', 'boolean', 'integer', 'null', 'number', 'string'];
/** Types allowed in a key's parentheses: `tags(array)`. */
export const PICOSCHEMA_PARENTHETICAL_TYPES: readonly string[] = ['array', 'object', 'enum'];
/** The key that allows any further field: `(*): string`. */
export const PICOSCHEMA_WILDCARD = '(*)';

export interface PicoFields {
  fields: InputField[];
  acceptsAnyField: boolean;
}

/** What a type string (`string, the user's name`) resolves to. */
interface TypeText {
  type: string;
  description?: string;
  schemaRef?: string;
}

/** Reads the fields of a Picoschema mapping; `path` is where the mapping sits in the input. */
export function readPicoFields(map: YAMLMap, path: string[], defaults: unknown, ctx: SchemaContext): PicoFields {
  const fields: InputField[] = [];
  let acceptsAnyField = false;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    if (key === PICOSCHEMA_WILDCARD) {
      acceptsAnyField = true;
      if (isScalar(pair.value) && typeof pair.value.value === 'string') readTypeText(pair.value as Node, ctx);
      continue;
    }
    const field = readField(pair, key, path, defaults, ctx);
    if (field) fields.push(field);
  }
  return { fields, acceptsAnyField };
}

/** Reads one `name?(type, description): value` entry. */
function readField(pair: Pair, key: string, path: string[], defaults: unknown, ctx: SchemaContext): InputField | undefined {
  const keyNode = pair.key as Node;
  // Dotprompt splits on '(' and keeps the first two pieces.
  const [rawName = '', typeInfo] = key.split('(');
  const optional = rawName.endsWith('?');
  const name = optional ? rawName.slice(0, -1) : rawName;
  const nameRange = rangeInScalar(ctx, keyNode, 0, Math.max(name.length, 1));
  if (name.trim() === '') {
    report(ctx, rangeOfNode(ctx, keyNode), `Picoschema key '${key}' has no field name.`);
    return undefined;
  }
  const fieldPath = [...path, name];
  const base = { name, path: fieldPath, optional, range: nameRange, children: [] as InputField[] };
  const value = pair.value as Node | null;

  if (typeInfo === undefined) return withDefault({ ...base, ...readUntypedValue(value, fieldPath, keyNode, defaults, ctx) }, defaults);

  const parenStart = rawName.length + 1;
  if (!key.endsWith(')')) {
    report(ctx, rangeInScalar(ctx, keyNode, rawName.length, key.length), `Picoschema key '${key}' is missing its closing ')'.`);
    return withDefault({ ...base, type: 'any' }, defaults);
  }
  const inner = typeInfo.slice(0, -1);
  const { type, description } = splitDescription(inner);
  const described = description ? { description } : {};
  if (type === 'array') {
    const items = readArrayItems(value, fieldPath, keyNode, defaults, ctx);
    return withDefault({ ...base, ...described, type: 'array', ...items }, defaults);
  }
  if (type === 'object') {
    return withDefault({ ...base, ...described, ...readUntypedValue(value, fieldPath, keyNode, defaults, ctx), ...described }, defaults);
  }
  if (type === 'enum') {
    if (!isSeq(value)) {
      report(ctx, value?.range ? rangeOfNode(ctx, value) : rangeOfNode(ctx, keyNode), `'${name}(enum)' needs a list of values: \`${name}(enum): [A, B]\`.`);
      return withDefault({ ...base, ...described, type: 'enum' }, defaults);
    }
    return withDefault({ ...base, ...described, type: 'enum', enumValues: value.toJSON() as unknown[] }, defaults);
  }
  const typeRange = rangeInScalar(ctx, keyNode, parenStart, parenStart + type.length);
  report(ctx, typeRange, `Picoschema types in parentheses must be 'array', 'object' or 'enum', got '${type}'.`, {
    suggestions: [closest(type, [...PICOSCHEMA_PARENTHETICAL_TYPES])],
  });
  return withDefault({ ...base, ...described, type: 'any' }, defaults);
}

type FieldShape = Pick<InputField, 'type' | 'description' | 'children' | 'acceptsAnyField' | 'schemaRef'>;

/** A value without a parenthetical: a type string, or a mapping (an object). */
function readUntypedValue(value: Node | null, path: string[], keyNode: Node, defaults: unknown, ctx: SchemaContext): FieldShape {
  if (isMap(value)) {
    const nested = readPicoFields(value, path, defaults, ctx);
    return { type: 'object', children: nested.fields, ...(nested.acceptsAnyField ? { acceptsAnyField: true } : {}) };
  }
  if (isScalar(value) && typeof value.value === 'string') return { ...fromTypeText(readTypeText(value, ctx)), children: [] };
  if (!value || (isScalar(value) && value.value === null)) {
    // Dotprompt reads a missing type as an object with no fields, which is rarely meant.
    report(
      ctx,
      rangeOfNode(ctx, keyNode),
      `'${String((keyNode as { value?: unknown }).value)}' has no type; Dotprompt reads it as an empty object. Write a type such as \`string\`.`,
      undefined,
      'warning',
    );
    return { type: 'object', children: [] };
  }
  if (isSeq(value)) {
    report(ctx, rangeOfNode(ctx, value), 'A list of values needs the enum marker on the key: `name(enum): [A, B]`.');
    return { type: 'any', children: [] };
  }
  report(ctx, rangeOfNode(ctx, value), 'Picoschema values are type names (`string`) or mappings of fields.');
  return { type: 'any', children: [] };
}

/** The value of `name(array): ...`: the item type, or the item's fields. */
function readArrayItems(
  value: Node | null,
  path: string[],
  keyNode: Node,
  defaults: unknown,
  ctx: SchemaContext,
): Pick<InputField, 'itemType' | 'children' | 'acceptsAnyField' | 'schemaRef'> {
  const shape = readUntypedValue(value, path, keyNode, defaults, ctx);
  const { type, children, acceptsAnyField, schemaRef } = shape;
  return { itemType: type, children, ...(acceptsAnyField ? { acceptsAnyField } : {}), ...(schemaRef ? { schemaRef } : {}) };
}

/** Checks a type string against the scalar types and named schemas. */
export function readTypeText(node: Node, ctx: SchemaContext): TypeText {
  const text = String((node as { value?: unknown }).value);
  const { type, description } = splitDescription(text);
  const described = description ? { description } : {};
  if (PICOSCHEMA_SCALAR_TYPES.includes(type)) return { type, ...described };
  const isNamedSchema = ctx.schemaExists ? ctx.schemaExists(type) : /^[A-Z][A-Za-z0-9_]*$/.test(type);
  if (isNamedSchema) return { type: 'object', schemaRef: type, ...described };
  const suggestion = closest(type, [...PICOSCHEMA_SCALAR_TYPES]);
  const range = rangeInScalar(ctx, node, 0, Math.max(type.length, 1));
  report(
    ctx,
    range,
    `Unknown Picoschema type '${type}'. Use one of ${PICOSCHEMA_SCALAR_TYPES.join(', ')}${ctx.schemaExists ? ' or a defined schema' : ''}; did you mean '${suggestion}'?`,
    { suggestions: [suggestion] },
  );
  return { type: 'any', ...described };
}

function fromTypeText(text: TypeText): Pick<InputField, 'type' | 'description' | 'schemaRef' | 'acceptsAnyField'> {
  const { type, description, schemaRef } = text;
  return { type, ...(description ? { description } : {}), ...(schemaRef ? { schemaRef, acceptsAnyField: true } : {}) };
}

/** Dotprompt's `extractDescription`: `type, description` split at the first comma, untrimmed type. */
export function splitDescription(text: string): { type: string; description?: string } {
  const comma = text.indexOf(',');
  if (comma < 0) return { type: text };
  const description = text.slice(comma + 1).replace(/^ */, '');
  return description ? { type: text.slice(0, comma), description } : { type: text.slice(0, comma) };
}

function report(ctx: SchemaContext, range: Range, message: string, data?: Record<string, unknown>, severity: 'error' | 'warning' = 'error'): void {
  ctx.diagnostics.push(diagnostic(range, severity, DIAGNOSTIC_CODES.invalidPicoschema, message, data));
}
