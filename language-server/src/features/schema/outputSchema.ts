/**
 * A prompt's `output.schema` as JSON Schema: Picoschema goes through Dotprompt's own converter
 * (`picoschema`), JSON Schema is taken as written. Undefined when there is none, or when it names
 * schemas this file cannot resolve (Genkit `defineSchema`), so no check guesses at them.
 */
import { picoschema, type JSONSchema } from 'dotprompt';

export interface OutputSchema {
  /** The schema as JSON Schema. */
  json: JSONSchema;
  /** How it is written in the frontmatter. */
  format: 'picoschema' | 'json-schema';
}

/** The output schema declared by a parsed frontmatter, converted as Dotprompt converts it. */
export async function outputSchemaOf(frontmatter: Record<string, unknown>): Promise<OutputSchema | undefined> {
  const output = frontmatter.output;
  if (!isRecord(output) || !isRecord(output.schema)) return undefined;
  const written = output.schema;
  try {
    const json = await picoschema(written);
    if (!isRecord(json)) return undefined;
    return { json, format: isJsonSchema(written) ? 'json-schema' : 'picoschema' };
  } catch {
    return undefined;
  }
}

/** Dotprompt's own test: a known `type`, or `properties`, marks JSON Schema; anything else is Picoschema. */
export function isJsonSchema(schema: Record<string, unknown>): boolean {
  return JSON_SCHEMA_TYPES.includes(schema.type as string) || isRecord(schema.properties);
}

const JSON_SCHEMA_TYPES = ['any', 'boolean', 'integer', 'null', 'number', 'string', 'object', 'array'];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
