/**
 * The one JSON Schema validator of core: input schemas, output schemas, tool arguments and the
 * `json-schema` assertion all compile here. A schema is read in the dialect its `$schema` names
 * (draft-07, the default, 2019-09 or 2020-12, each by its Ajv, made when first needed); one set of
 * options: every error at once, unknown keywords and formats tolerated, as prompt authors write
 * them, and no schema kept by its `$id` (two prompts may both call their answer `"$id": "Answer"`;
 * each compiles on its own). Each dialect's meta-schema compiles once (about 24 ms).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaViolation } from '../providers/errors.ts';

const OPTIONS = { allErrors: true, strict: false, validateFormats: false, addUsedSchema: false } as const;

/** The dialects a `$schema` may name (scheme and trailing `#` aside), each with its Ajv. */
const DIALECTS: Record<string, { name: string; make: () => Ajv; made?: Ajv }> = {
  'json-schema.org/draft-07/schema': { name: 'draft-07', make: () => new Ajv(OPTIONS) },
  'json-schema.org/draft/2019-09/schema': { name: '2019-09', make: () => new Ajv2019(OPTIONS) },
  'json-schema.org/draft/2020-12/schema': { name: '2020-12', make: () => new Ajv2020(OPTIONS) },
};
const DEFAULT_DIALECT = 'json-schema.org/draft-07/schema';

/**
 * The Ajv for the dialect `schema` names and the schema without its `$schema` (each Ajv's own
 * meta-schema is its default, whichever way the URI is written), or why the dialect is not one.
 */
function dialectOf(schema: object): { ajv: Ajv; body: object } | { unsupported: string } {
  const { $schema, ...body } = schema as { $schema?: unknown };
  const key = $schema === undefined ? DEFAULT_DIALECT : typeof $schema === 'string' ? $schema.replace(/^https?:\/\//, '').replace(/#$/, '') : '';
  const dialect = DIALECTS[key];
  if (!dialect) {
    const names = Object.values(DIALECTS).map((d) => d.name);
    return { unsupported: `names no dialect this checks (${JSON.stringify($schema)}; one of ${names.join(', ')}, or none for draft-07)` };
  }
  dialect.made ??= dialect.make();
  return { ajv: dialect.made, body: $schema === undefined ? schema : body };
}

/** Why a schema that contains itself (a YAML alias inside its own anchor) cannot be read. */
const SELF_CONTAINED = 'contains itself (a YAML alias inside its own anchor); JSON Schema writes recursion with $ref';

/** Validators (or why a schema is not one) by schema object, then by schema text. */
const byObject = new WeakMap<object, ValidateFunction | Error>();
const byText = new Map<string, ValidateFunction | Error>();
/** Schema texts kept; the least recently used goes first. */
const TEXT_LIMIT = 500;

/**
 * The validator of `schema`, or the Error saying why it is not valid JSON Schema. Compiling costs
 * far more than validating, so each schema text compiles once; the same object (cached prompt
 * metadata) skips even the text. Ajv would also keep every schema object it ever compiled, which
 * grows a long-running server by each run's freshly parsed schemas: each leaves Ajv's cache once
 * compiled, and ours is bounded.
 */
export function compileJsonSchema(schema: object): ValidateFunction | Error {
  const known = byObject.get(schema);
  if (known) return known;
  let text: string;
  try {
    text = JSON.stringify(schema);
  } catch {
    return new Error(SELF_CONTAINED);
  }
  let compiled = byText.get(text);
  if (compiled) {
    byText.delete(text);
  } else {
    compiled = compileOnce(schema);
    if (byText.size >= TEXT_LIMIT) byText.delete(byText.keys().next().value!);
  }
  byText.set(text, compiled);
  byObject.set(schema, compiled);
  return compiled;
}

function compileOnce(schema: object): ValidateFunction | Error {
  const dialect = dialectOf(schema);
  if ('unsupported' in dialect) return new Error(`$schema ${dialect.unsupported}`);
  const { ajv, body } = dialect;
  try {
    return ajv.compile(body);
  } catch (error) {
    return ajv.errors?.length ? new Error(jsonSchemaProblemsLine(problemsOf(ajv.errors))) : error instanceof Error ? error : new Error(String(error));
  } finally {
    ajv.removeSchema(body);
  }
}

/** One thing JSON Schema's meta-schema refuses in a schema: where (keys from the root) and what. */
export interface JsonSchemaProblem {
  path: string[];
  message: string;
  /** The values the place may hold, when the meta-schema lists them (a `type`). */
  allowed?: unknown[];
}

/**
 * What JSON Schema's meta-schema refuses in `schema`, one problem per place in the schema's own
 * terms (`properties.n.type`: `must be one of "array", "boolean", ...`), none when it is valid.
 * Ajv words the same `schema is invalid: data/properties/n/type must be equal to one of the
 * allowed values, data/properties/n/type must be array, data/properties/n/type must match a
 * schema in anyOf`.
 */
export function jsonSchemaProblems(schema: object): JsonSchemaProblem[] {
  const dialect = dialectOf(schema);
  if ('unsupported' in dialect) return [{ path: ['$schema'], message: dialect.unsupported }];
  try {
    return dialect.ajv.validateSchema(dialect.body) ? [] : problemsOf(dialect.ajv.errors ?? []);
  } catch (error) {
    return [{ path: [], message: error instanceof RangeError ? SELF_CONTAINED : error instanceof Error ? error.message : String(error) }];
  }
}

function problemsOf(errors: NonNullable<Ajv['errors']>): JsonSchemaProblem[] {
  const byPlace = new Map<string, JsonSchemaProblem>();
  for (const error of errors) {
    if (byPlace.has(error.instancePath)) continue;
    const allowed = error.keyword === 'enum' ? (error.params as { allowedValues?: unknown[] }).allowedValues : undefined;
    const message = allowed ? `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}` : (error.message ?? 'is invalid');
    const path = error.instancePath
      ? error.instancePath
          .slice(1)
          .split('/')
          .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
      : [];
    byPlace.set(error.instancePath, allowed ? { path, message, allowed } : { path, message });
  }
  return [...byPlace.values()];
}

/** The problems as one line: `properties.n.type must be one of ...; required must be array`. */
export function jsonSchemaProblemsLine(problems: readonly JsonSchemaProblem[]): string {
  return problems.map((problem) => `${problem.path.join('.') || '(root)'} ${problem.message}`).join('; ');
}

/** Where a value broke its schema and how (`/age`, `must be number`), extra properties named. */
export function violationsOf(errors: ValidateFunction['errors']): SchemaViolation[] {
  return (errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` '${String(error.params.additionalProperty)}'` : '';
    return { path: error.instancePath || '(root)', message: `${error.message ?? error.keyword}${extra}` };
  });
}

/** Violations as one line: `/age: must be number; (root): must have required property 'name'`. */
export function violationsLine(violations: readonly SchemaViolation[]): string {
  return violations.map((violation) => `${violation.path}: ${violation.message}`).join('; ');
}
