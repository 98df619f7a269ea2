/**
 * Reads a JSON answer and checks it against the prompt's `output.schema`, reporting each
 * violation with its path, so a broken answer is a failed run that says what is wrong.
 */
import { compileJsonSchema, violationsLine, violationsOf } from './jsonSchemaValidator.ts';
import type { JSONSchema } from 'dotprompt';
import type { SchemaViolation } from '../providers/errors.ts';

/** What checking an answer found. */
export interface OutputCheck {
  /** The parsed answer (absent when it is not JSON). */
  value?: unknown;
  /** True when the answer parsed and matched the schema (if any). */
  valid: boolean;
  /** Each problem, empty when valid. */
  violations: SchemaViolation[];
}

/** Parses answer text as JSON, accepting one Markdown code fence around it (models add them). */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Parses `text` and validates it against `schema` (parse only when there is no schema). */
export function validateOutput(text: string, schema: JSONSchema | undefined): OutputCheck {
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) return { valid: false, violations: [{ path: '(root)', message: `the answer is not JSON: ${parsed.message}` }] };
  if (!schema) return { value: parsed.value, valid: true, violations: [] };
  const validate = compileJsonSchema(schema);
  if (validate instanceof Error) {
    return { value: parsed.value, valid: false, violations: [{ path: '(root)', message: `output.schema is not a valid JSON Schema: ${validate.message}` }] };
  }
  if (validate(parsed.value)) return { value: parsed.value, valid: true, violations: [] };
  return { value: parsed.value, valid: false, violations: violationsOf(validate.errors) };
}

/** One message listing the violations (`/age: must be number; (root): must have required property 'name'`). */
export function describeViolations(violations: readonly SchemaViolation[]): string {
  return `The answer does not match output.schema: ${violationsLine(violations)}`;
}
