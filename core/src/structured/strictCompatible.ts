/**
 * Whether OpenAI's strict structured-output mode can take a JSON Schema. Strict mode guarantees
 * the answer matches, but only for a subset of JSON Schema: an object at the root, every object
 * closed (`additionalProperties: false`) with every property required (optional ones are written
 * as nullable), and a fixed set of keywords. A schema outside it is sent without `strict`.
 */
import type { JSONSchema } from 'dotprompt';

/** Why strict mode cannot take a schema: where (`/properties/tags`, or `(root)`) and what. */
export interface StrictSchemaProblem {
  path: string;
  message: string;
}

/** The keywords strict mode accepts (annotations included); any other one disqualifies the schema. */
const STRICT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  '$ref',
  '$defs',
  'definitions',
  'description',
  'title',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  '$schema',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Record<string, unknown>): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function check(schema: unknown, path: string, problems: StrictSchemaProblem[]): void {
  const at = path || '(root)';
  if (!isObject(schema)) {
    if (schema !== true) problems.push({ path: at, message: 'a schema must be an object' });
    return;
  }
  for (const key of Object.keys(schema)) {
    if (!STRICT_KEYWORDS.has(key)) problems.push({ path: at, message: `keyword '${key}' is not supported in strict mode` });
  }
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  if (typesOf(schema).includes('object') || properties) {
    if (schema.additionalProperties !== false) problems.push({ path: at, message: 'objects need additionalProperties: false' });
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    for (const name of Object.keys(properties ?? {})) {
      if (!required.has(name)) problems.push({ path: `${path}/properties/${name}`, message: `property '${name}' must be required (make it nullable instead)` });
    }
  }
  for (const [name, property] of Object.entries(properties ?? {})) check(property, `${path}/properties/${name}`, problems);
  if (schema.items !== undefined) check(schema.items, `${path}/items`, problems);
  if (Array.isArray(schema.anyOf)) schema.anyOf.forEach((branch, index) => check(branch, `${path}/anyOf/${index}`, problems));
  for (const defsKey of ['$defs', 'definitions'] as const) {
    const defs = schema[defsKey];
    if (isObject(defs)) for (const [name, def] of Object.entries(defs)) check(def, `${path}/${defsKey}/${name}`, problems);
  }
}

/**
 * The reasons OpenAI's strict mode cannot take `schema`; empty when it can (the runner then
 * sends `strict: true`).
 */
export function strictCompatible(schema: JSONSchema): StrictSchemaProblem[] {
  const problems: StrictSchemaProblem[] = [];
  if (!isObject(schema) || !typesOf(schema).includes('object') || typesOf(schema).length !== 1) {
    problems.push({ path: '(root)', message: 'the root must be a schema of type object' });
  }
  check(schema, '', problems);
  return problems;
}
