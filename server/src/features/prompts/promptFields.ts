/**
 * Parses the fields a prompt version stores beside its source (model, config, variables) with
 * core's `analyzePromptFile`, the same reading the editor and language server use.
 */
import { analyzePromptFile, DIAGNOSTIC_CODES } from '@promptstack/core';

/** Fields derived from a `.prompt` source. */
export interface ParsedPromptFields {
  model: string | null;
  config: Record<string, unknown>;
  /**
   * Declared input names (top level of `input.schema`); when the file declares no schema,
   * the top-level input names the template references, so a client always knows what to fill in.
   */
  variables: string[];
}

export type ParseFieldsResult = { ok: true; value: ParsedPromptFields } | { ok: false; message: string };

/** Diagnostics that make the parsed fields meaningless; anything else is the editor's business. */
const BLOCKING = new Set<string>([DIAGNOSTIC_CODES.yamlSyntax]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses model, config and variables out of a source; broken frontmatter YAML is reported with its line. */
export function parsePromptFields(source: string): ParseFieldsResult {
  const analysis = analyzePromptFile(source);
  const blocking = analysis.diagnostics.find((d) => d.severity === 'error' && BLOCKING.has(d.code));
  if (blocking) {
    return { ok: false, message: `frontmatter is not valid YAML (line ${blocking.range.start.line + 1}): ${blocking.message}` };
  }
  const frontmatter = analysis.frontmatter;
  const model = analysis.model?.id ?? (typeof frontmatter.model === 'string' ? frontmatter.model : null);
  const config = isRecord(frontmatter.config) ? frontmatter.config : {};
  const declared = analysis.inputFields?.map((field) => field.name);
  const referenced = new Set<string>();
  for (const variable of analysis.variables) {
    const root = variable.scope === 'input' ? variable.inputPath?.[0] : undefined;
    if (root) referenced.add(root);
  }
  return { ok: true, value: { model, config, variables: declared ?? [...referenced] } };
}
