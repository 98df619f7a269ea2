/**
 * Parses the fields a prompt version stores beside its source: model, config and variables.
 * Only what a version row needs; the editor-facing analysis (ranges, diagnostics) lives in core.
 */
import { isMap, parseDocument } from 'yaml';
import { splitPromptSource } from './promptSource.ts';

/** Fields derived from a `.prompt` source. */
export interface ParsedPromptFields {
  model: string | null;
  config: Record<string, unknown>;
  /**
   * Declared input names (top level of `input.schema`); when the file declares no schema,
   * the top-level names the template references, so a client always knows what to fill in.
   */
  variables: string[];
}

export type ParseFieldsResult = { ok: true; value: ParsedPromptFields } | { ok: false; message: string };

/** Names Handlebars treats as helpers or keywords rather than input variables. */
const NOT_VARIABLES = new Set([
  'this', 'else', 'if', 'unless', 'each', 'with', 'lookup', 'log', 'true', 'false', 'null', 'undefined',
  // Dotprompt's built-in helpers.
  'json', 'role', 'history', 'section', 'media', 'ifEquals', 'unlessEquals',
]);

/** Parses model, config and variables out of a source; bad YAML is reported with its line. */
export function parsePromptFields(source: string): ParseFieldsResult {
  const { frontmatter, body } = splitPromptSource(source);
  let data: Record<string, unknown> = {};
  if (frontmatter !== null && frontmatter.trim() !== '') {
    const doc = parseDocument(frontmatter);
    const error = doc.errors[0];
    if (error) {
      // yaml counts lines from 1 inside the frontmatter; the opening fence is line 1 of the file.
      const line = (error.linePos?.[0]?.line ?? 0) + 1;
      return { ok: false, message: `frontmatter is not valid YAML (line ${line}): ${error.message.split('\n')[0]}` };
    }
    if (doc.contents !== null && !isMap(doc.contents)) return { ok: false, message: 'frontmatter must be a YAML mapping' };
    data = (doc.toJS() ?? {}) as Record<string, unknown>;
  }
  const model = typeof data.model === 'string' ? data.model : null;
  const config = isRecord(data.config) ? data.config : {};
  const declared = declaredInputNames(data.input);
  return { ok: true, value: { model, config, variables: declared ?? referencedNames(body) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Top-level names under `input.schema`: JSON Schema `properties`, or Picoschema keys with their
 * `?` (optional) and `(type, description)` decorations removed. Undefined when there is no schema.
 */
function declaredInputNames(input: unknown): string[] | undefined {
  if (!isRecord(input) || !isRecord(input.schema)) return undefined;
  const schema = input.schema;
  const keys = isRecord(schema.properties) && typeof schema.type === 'string' ? Object.keys(schema.properties) : Object.keys(schema);
  return keys.map((key) => key.replace(/\(.*$/s, '').replace(/\?$/, '').trim()).filter((key) => key !== '');
}

/** Top-level input names a template references (`{{name}}`, `{{#each items}}`, `{{user.name}}`). */
function referencedNames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(/\{\{~?\s*(?:[#^/]\s*(?:if|unless|each|with)\s+)?(@root\.)?([A-Za-z_][\w-]*)/g)) {
    const name = match[2]!;
    if (!NOT_VARIABLES.has(name) && !/^\{\{~?\s*(?:>|!|else\b)/.test(match[0])) names.add(name);
  }
  return [...names];
}
