/**
 * Information diagnostics on an `output.schema` OpenAI's strict structured-output mode cannot
 * take (core's `strictCompatible`; the run then goes out non-strict): one per problem, on the key
 * it is about.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { strictCompatible } from '@promptstack/core/structured/strictCompatible';
import { DIAGNOSTIC_SOURCE } from '../diagnostics.ts';
import { outputSchemaOf } from './outputSchema.ts';
import { frontmatterDocument, nodeRange, outputSchemaPair, pairAtPath, pairIn } from './schemaNodes.ts';
import { pointerSegments } from './schemaTypes.ts';

/** Stable codes of the diagnostics the language server adds to core's (output schemas and tests files). */
export const SCHEMA_DIAGNOSTIC_CODES = {
  /** `output.schema` is not accepted by OpenAI's strict mode. */
  outputSchemaNotStrict: 'output-schema-not-strict',
  /** A `json-schema` assertion in `name.tests.yaml` no answer valid under `output.schema` can meet. */
  testSchemaContradiction: 'test-schema-contradiction',
  /** `name.tests.yaml` cannot be run as written (YAML, an unknown assertion type, a missing field, a pattern RE2 refuses). */
  testsFileInvalid: 'tests-file-invalid',
} as const;

/** The strict-mode problems of the document's `output.schema`. */
export async function strictSchemaDiagnostics(analysis: PromptAnalysis, document: TextDocument): Promise<Diagnostic[]> {
  const schema = await outputSchemaOf(analysis.frontmatter);
  if (!schema) return [];
  const problems = strictCompatible(schema.json);
  if (problems.length === 0) return [];
  const frontmatter = frontmatterDocument(analysis, document);
  const schemaPair = frontmatter && outputSchemaPair(frontmatter.yaml);
  if (!frontmatter || !schemaPair) return [];
  const diagnostics: Diagnostic[] = [];
  for (const problem of problems) {
    const pair = pairAtPath(schemaPair, pointerSegments(problem.path), schema.format === 'picoschema');
    // A keyword problem lands on the keyword itself when it is written there.
    const keyword = /keyword '([^']+)'/.exec(problem.message)?.[1];
    const keywordPair = keyword ? pairIn(pair.value, keyword) : undefined;
    const range = nodeRange((keywordPair ?? pair).key, frontmatter, document);
    if (!range) continue;
    diagnostics.push({
      range,
      severity: DiagnosticSeverity.Information,
      code: SCHEMA_DIAGNOSTIC_CODES.outputSchemaNotStrict,
      source: DIAGNOSTIC_SOURCE,
      message: `OpenAI strict mode cannot take this output schema (it is sent non-strict): ${problem.message} at ${problem.path}`,
      data: { path: problem.path },
    });
  }
  return diagnostics;
}
