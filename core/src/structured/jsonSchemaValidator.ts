/**
 * The one JSON Schema validator of core: input schemas, output schemas, tool arguments and the
 * `json-schema` assertion all compile here. One instance compiles JSON Schema's meta-schema once
 * (about 24 ms, on the first schema it checks) and keeps one set of options: every error at once,
 * unknown keywords and formats tolerated, as prompt authors write them, and no schema kept by its
 * `$id` (two prompts may both call their answer `"$id": "Answer"`; each compiles on its own).
 */
import { Ajv } from 'ajv';

export const jsonSchemaValidator = new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });
