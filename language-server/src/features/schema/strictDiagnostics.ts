/**
 * Information diagnostics on an `output.schema` OpenAI's strict structured-output mode cannot
 * take (the run then goes out non-strict): one per reason, on the key it is about.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { DIAGNOSTIC_SOURCE } from '../diagnostics.ts';
import { outputSchemaOf } from './outputSchema.ts';
import { frontmatterDocument, nodeRange, outputSchemaPair, pairAtPath, pairIn } from './schemaNodes.ts';
import { strictReasons } from './strictReasons.ts';

/** Stable codes of the schema diagnostics the language server adds to core's. */
export const SCHEMA_DIAGNOSTIC_CODES = {
  /** `output.schema` is not accepted by OpenAI's strict mode. */
  outputSchemaNotStrict: 'output-schema-not-strict',
  /** A `json-schema` assertion in `name.tests.yaml` no answer valid under `output.schema` can meet. */
  testSchemaContradiction: 'test-schema-contradiction',
} as const;

/** The strict-mode findings on the document's `output.schema`. */
export async function strictSchemaDiagnostics(analysis: PromptAnalysis, document: TextDocument): Promise<Diagnostic[]> {
  const schema = await outputSchemaOf(analysis.frontmatter);
  if (!schema) return [];
  const reasons = strictReasons(schema.json);
  if (reasons.length === 0) return [];
  const frontmatter = frontmatterDocument(analysis, document);
  const schemaPair = frontmatter && outputSchemaPair(frontmatter.yaml);
  if (!frontmatter || !schemaPair) return [];
  const diagnostics: Diagnostic[] = [];
  for (const reason of reasons) {
    const pair = pairAtPath(schemaPair, reason.path, schema.format === 'picoschema');
    const keyword = reason.kind === 'unsupported-keyword' && reason.name ? pairIn(pair.value, reason.name) : undefined;
    const range = nodeRange((keyword ?? pair).key, frontmatter, document);
    if (!range) continue;
    diagnostics.push({
      range,
      severity: DiagnosticSeverity.Information,
      code: SCHEMA_DIAGNOSTIC_CODES.outputSchemaNotStrict,
      source: DIAGNOSTIC_SOURCE,
      message: `OpenAI strict mode cannot take this output schema: ${reason.message}`,
      data: { kind: reason.kind, path: reason.path },
    });
  }
  return diagnostics;
}
