/**
 * The one JSON Schema validator of core: input schemas, output schemas, tool arguments and the
 * `json-schema` assertion all compile here. One Ajv instance compiles JSON Schema's meta-schema
 * once (about 24 ms, on the first schema it checks) and keeps one set of options: every error at
 * once, unknown keywords and formats tolerated, as prompt authors write them, and no schema kept by
 * its `$id` (two prompts may both call their answer `"$id": "Answer"`; each compiles on its own).
 */
import { Ajv, type ValidateFunction } from 'ajv';

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
      compiled = error instanceof Error ? error : new Error(String(error));
    } finally {
      ajv.removeSchema(schema);
    }
    if (byText.size >= TEXT_LIMIT) byText.delete(byText.keys().next().value!);
  }
  byText.set(text, compiled);
  byObject.set(schema, compiled);
  return compiled;
}

/** Ajv's errors as one line (`data/n must be number, data must have required property 'id'`). */
export function errorsText(errors: ValidateFunction['errors']): string {
  return ajv.errorsText(errors);
}
