/**
 * Reads `input.schema` into declared input fields. Detects the dialect as Dotprompt does
 * (a JSON Schema `type` or `properties` at the top means JSON Schema, anything else Picoschema)
 * and keeps each field's key range for go-to-definition and diagnostics.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { isPlainObject, nodeAt, type ParsedFrontmatter } from './frontmatterYaml.ts';
import type { LineIndex } from './lineIndex.ts';
import { PICOSCHEMA_SCALAR_TYPES, readPicoFields, readTypeText } from './picoschema.ts';
import { rangeOfNode, withDefault, type SchemaContext } from './schemaContext.ts';
import type { InputField, PromptDiagnostic } from './types.ts';

export interface InputSchemaResult {
  fields?: InputField[];
  format?: 'picoschema' | 'json-schema';
  acceptsAnyField?: boolean;
  diagnostics: PromptDiagnostic[];
}

/** JSON Schema types that, at the top of a schema, make Dotprompt treat it as JSON Schema. */
const JSON_SCHEMA_TYPES = [...PICOSCHEMA_SCALAR_TYPES, 'object', 'array'];

/** Whether Dotprompt reads a schema mapping as JSON Schema (a JSON Schema `type` or `properties` at the top) rather than Picoschema. */
export function isJsonSchemaDialect(node: YAMLMap): boolean {
  const type = scalarValue(node, 'type');
  return (typeof type === 'string' && JSON_SCHEMA_TYPES.includes(type)) || isMap(node.get('properties', true));
}

/** The same rule for a schema already read into a value (a tool file's `inputSchema`). */
export function isJsonSchemaValue(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { type, properties } = value as Record<string, unknown>;
  return (
    (typeof type === 'string' && JSON_SCHEMA_TYPES.includes(type)) || (properties !== null && typeof properties === 'object' && !Array.isArray(properties))
  );
}

/** Reads `input.schema` (and `input.default`); never throws. */
export function readInputSchema(parsed: ParsedFrontmatter, index: LineIndex, schemaExists?: (name: string) => boolean): InputSchemaResult {
  const ctx: SchemaContext = { index, offset: parsed.offset, diagnostics: [], ...(schemaExists ? { schemaExists } : {}) };
  const node = nodeAt(parsed.doc, ['input', 'schema']);
  if (!node || (isScalar(node) && (node.value === null || node.value === ''))) return { diagnostics: [] };
  const input = parsed.data['input'];
  const defaults = isPlainObject(input) ? input['default'] : undefined;

  if (isScalar(node) && typeof node.value === 'string') {
    // A bare type or a named schema: the input is not a mapping of declared fields.
    readTypeText(node, ctx);
    return { fields: [], format: 'picoschema', acceptsAnyField: true, diagnostics: ctx.diagnostics };
  }
  if (!isMap(node)) return { diagnostics: ctx.diagnostics };

  if (isJsonSchemaDialect(node)) {
    const { fields, acceptsAnyField } = readJsonObject(node, [], defaults, ctx);
    return { fields, format: 'json-schema', acceptsAnyField, diagnostics: ctx.diagnostics };
  }
  const { fields, acceptsAnyField } = readPicoFields(node, [], defaults, ctx);
  return { fields, format: 'picoschema', acceptsAnyField, diagnostics: ctx.diagnostics };
}

/** The fields of a JSON Schema object; it accepts other fields when it declares none or allows them. */
function readJsonObject(schema: YAMLMap, path: string[], defaults: unknown, ctx: SchemaContext): { fields: InputField[]; acceptsAnyField: boolean } {
  const properties = schema.get('properties', true);
  const required = schema.get('required', true);
  const requiredNames = new Set(isSeq(required) ? required.items.map((item) => String(isScalar(item) ? item.value : item)) : []);
  const additional = schema.get('additionalProperties', true);
  const allowsMore = additional !== undefined && !(isScalar(additional) && additional.value === false);
  const fields: InputField[] = [];
  if (!isMap(properties)) return { fields, acceptsAnyField: true };
  for (const pair of properties.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const name = String(pair.key.value);
    fields.push(readJsonField(name, pair.key as Node, pair.value as Node | null, [...path, name], requiredNames.has(name), defaults, ctx));
  }
  return { fields, acceptsAnyField: allowsMore };
}

function readJsonField(name: string, keyNode: Node, value: Node | null, path: string[], required: boolean, defaults: unknown, ctx: SchemaContext): InputField {
  const base = { name, path, range: rangeOfNode(ctx, keyNode), children: [] as InputField[] };
  if (!isMap(value)) return withDefault({ ...base, type: 'any', optional: !required }, defaults);
  const { type, nullable } = jsonType(value);
  const description = scalarValue(value, 'description');
  const enumNode = value.get('enum', true);
  const field: Omit<InputField, 'hasDefault'> = { ...base, type, optional: !required || nullable };
  if (typeof description === 'string') field.description = description;
  if (isSeq(enumNode)) field.enumValues = enumNode.toJSON() as unknown[];
  if (type === 'object') {
    const nested = readJsonObject(value, path, defaults, ctx);
    field.children = nested.fields;
    if (nested.acceptsAnyField) field.acceptsAnyField = true;
  }
  const items = value.get('items', true);
  if (type === 'array' && isMap(items)) {
    const item = jsonType(items);
    field.itemType = item.type;
    if (item.type === 'object') {
      const nested = readJsonObject(items, path, defaults, ctx);
      field.children = nested.fields;
      if (nested.acceptsAnyField) field.acceptsAnyField = true;
    }
  }
  const own = withDefault(field, defaults);
  // A schema `default` counts when `input.default` does not give one.
  const schemaDefault = value.get('default', true);
  if (!own.hasDefault && schemaDefault !== undefined) return { ...own, default: (schemaDefault as Node).toJSON(), hasDefault: true };
  return own;
}

/** A JSON Schema node's type: the first non-null of a type list; `object` when it has properties. */
function jsonType(schema: YAMLMap): { type: string; nullable: boolean } {
  const typeNode = schema.get('type', true);
  if (isSeq(typeNode)) {
    const names = typeNode.items.map((item) => String(isScalar(item) ? item.value : ''));
    return { type: names.find((name) => name !== 'null') ?? 'null', nullable: names.includes('null') };
  }
  if (isScalar(typeNode) && typeof typeNode.value === 'string') return { type: typeNode.value, nullable: false };
  if (schema.has('properties')) return { type: 'object', nullable: false };
  if (schema.has('enum')) return { type: 'enum', nullable: false };
  return { type: 'any', nullable: false };
}

function scalarValue(map: YAMLMap, key: string): unknown {
  const node = map.get(key, true);
  return isScalar(node) ? node.value : undefined;
}
