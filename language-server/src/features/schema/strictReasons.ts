/**
 * Why OpenAI's strict structured-output mode would refuse a JSON Schema: every object closed
 * (`additionalProperties: false`) with every property required, a typed root object, and only
 * the keywords strict mode supports. Each reason carries the path of the schema node it is about.
 */
import type { JSONSchema } from 'dotprompt';
import { isRecord } from './outputSchema.ts';

export type StrictReasonKind = 'open-object' | 'optional-property' | 'unsupported-keyword' | 'untyped' | 'root-not-object';

export interface StrictReason {
  kind: StrictReasonKind;
  /** Path of the schema node (`['properties', 'user', 'properties', 'age']`); empty for the root. */
  path: string[];
  /** The property or keyword concerned, when there is one. */
  name?: string;
  message: string;
}

/** Keywords strict mode rejects (OpenAI's supported-schemas list). */
const UNSUPPORTED = [
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'patternProperties',
  'unevaluatedProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'uniqueItems',
];

/** Every reason strict mode would refuse `schema`; empty when it qualifies. */
export function strictReasons(schema: JSONSchema): StrictReason[] {
  const reasons: StrictReason[] = [];
  if (!typesOf(schema).includes('object')) {
    reasons.push({ kind: 'root-not-object', path: [], message: 'the root of a strict schema must be an object' });
  }
  visit(schema, [], reasons);
  return reasons;
}

function visit(schema: unknown, path: string[], reasons: StrictReason[]): void {
  if (!isRecord(schema)) return;
  const at = path.length ? `'${pathLabel(path)}'` : 'the root';
  for (const keyword of UNSUPPORTED) {
    if (keyword in schema) {
      reasons.push({ kind: 'unsupported-keyword', path, name: keyword, message: `strict mode does not support '${keyword}' (at ${at})` });
    }
  }
  const combined = ['anyOf', 'oneOf', '$ref', 'enum', 'const'].some((k) => k in schema);
  if (typesOf(schema).length === 0 && !combined) {
    reasons.push({ kind: 'untyped', path, message: `${at} has no type; strict mode needs one on every value` });
  }
  if (typesOf(schema).includes('object') || isRecord(schema.properties)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    if (schema.additionalProperties !== false) {
      reasons.push({ kind: 'open-object', path, message: `${at} must set additionalProperties: false in strict mode` });
    }
    const required = Array.isArray(schema.required) ? schema.required : [];
    for (const name of Object.keys(properties)) {
      if (!required.includes(name)) {
        reasons.push({
          kind: 'optional-property',
          path: [...path, 'properties', name],
          name,
          message: `'${pathLabel([...path, 'properties', name])}' must be required in strict mode (make it nullable instead of optional)`,
        });
      }
      visit(properties[name], [...path, 'properties', name], reasons);
    }
  }
  if (isRecord(schema.items)) visit(schema.items, [...path, 'items'], reasons);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, [...path, key, String(i)], reasons));
  }
  for (const key of ['$defs', 'definitions'] as const) {
    const defs = schema[key];
    if (isRecord(defs)) for (const [name, sub] of Object.entries(defs)) visit(sub, [...path, key, name], reasons);
  }
}

/** A schema's `type` as a list (`['string', 'null']`), empty when absent. */
export function typesOf(schema: unknown): string[] {
  if (!isRecord(schema)) return [];
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** `['properties', 'user', 'items', 'properties', 'age']` -> `user[].age`. */
export function pathLabel(path: readonly string[]): string {
  let label = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (segment === 'properties' && i + 1 < path.length) label += (label ? '.' : '') + path[++i]!;
    else if (segment === 'items') label += '[]';
    else label += (label ? '.' : '') + segment;
  }
  return label || '(root)';
}
