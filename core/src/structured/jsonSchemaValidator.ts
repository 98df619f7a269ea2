/**
 * The one JSON Schema validator of core: input schemas, output schemas, tool arguments and the
 * `json-schema` assertion all compile here. One Ajv instance compiles JSON Schema's meta-schema
 * once (about 24 ms, on the first schema it checks) and keeps one set of options: every error at
 * once, unknown keywords and formats tolerated, as prompt authors write them, and no schema kept by
 * its `$id` (two prompts may both call their answer `"$id": "Answer"`; each compiles on its own).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { SchemaViolation } from '../providers/errors.ts';

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });

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
  const text = JSON.stringify(schema);
  let compiled = byText.get(text);
  if (compiled) {
    byText.delete(text);
  } else {
    try {
      compiled = ajv.compile(schema);
    } catch (error) {
      compiled = ajv.errors?.length ? new Error(jsonSchemaProblemsLine(problemsOf(ajv.errors))) : error instanceof Error ? error : new Error(String(error));
    } finally {
      ajv.removeSchema(schema);
    }
    if (byText.size >= TEXT_LIMIT) byText.delete(byText.keys().next().value!);
  }
  byText.set(text, compiled);
  byObject.set(schema, compiled);
  return compiled;
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
  return ajv.validateSchema(schema) ? [] : problemsOf(ajv.errors ?? []);
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
