/**
 * Checks a run's input against the prompt's `input.schema` (JSON Schema, already converted from
 * Picoschema by dotprompt) before any provider call, naming the offending variable.
 */
import type { ErrorObject } from 'ajv';
import { compileJsonSchema } from '../structured/jsonSchemaValidator.ts';

/** `/user/tags/0` -> `user.tags[0]`. */
function variablePath(pointer: string, extra?: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) segments.push(extra);
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(input: unknown, pointer: string): unknown {
  let current = input;
  for (const segment of pointer.split('/').slice(1)) current = (current as Record<string, unknown> | undefined)?.[segment];
  return current;
}

function describe(error: ErrorObject, input: unknown): { variable: string; message: string } {
  if (error.keyword === 'required') {
    const variable = variablePath(error.instancePath, String(error.params.missingProperty));
    return { variable, message: `Missing input variable '${variable}'` };
  }
  const variable = variablePath(error.instancePath) || '(input)';
  if (error.keyword === 'type') {
    return {
      variable,
      message: `Input variable '${variable}' must be ${[error.params.type].flat().join(' or ')}, got ${typeName(valueAt(input, error.instancePath))}`,
    };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { variable, message: `Input variable '${variable}' must be one of ${allowed}` };
  }
  return { variable, message: `Input variable '${variable}' ${error.message ?? 'is invalid'}` };
}

/** A failed check: one line per problem, and the variables named. */
export interface InputProblem {
  message: string;
  variables: string[];
}

/**
 * Validates `input` against `schema`; undefined when it holds. Extra variables are allowed
 * (Picoschema closes objects, but a dataset row often carries more columns than a prompt uses).
 */
export function validateInput(schema: unknown, input: Record<string, unknown>): InputProblem | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const validate = compileJsonSchema(schema);
  if (validate instanceof Error) return { message: `input.schema is not a valid JSON Schema: ${validate.message}`, variables: [] };
  if (validate(input)) return undefined;
  const problems = (validate.errors ?? []).filter((error) => error.keyword !== 'additionalProperties').map((error) => describe(error, input));
  if (problems.length === 0) return undefined;
  return { message: problems.map((problem) => problem.message).join('; '), variables: [...new Set(problems.map((p) => p.variable))] };
}
