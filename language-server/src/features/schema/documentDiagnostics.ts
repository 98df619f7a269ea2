/**
 * Every diagnostic of a document: a prompt's are core's analysis plus the strict-mode check of its
 * `output.schema`; a tests file's are what stops it from running (its YAML, an unknown assertion
 * type, a missing field, a pattern RE2 cannot take: core's reading of the file, as `promptstack
 * test` and the Testing view report it) and the contradictions of its assertions with the prompt's schema.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { parseTestCases } from '@promptstack/core/testcases/parseTestCases';
import { DIAGNOSTIC_SOURCE, toLspDiagnostics } from '../diagnostics.ts';
import { outputSchemaOf } from './outputSchema.ts';
import { SCHEMA_DIAGNOSTIC_CODES, strictSchemaDiagnostics } from './strictDiagnostics.ts';
import { testsFileDiagnostics } from './testsFileDiagnostics.ts';

/** A prompt document's diagnostics. */
export async function promptDiagnostics(analysis: PromptAnalysis, document: TextDocument): Promise<Diagnostic[]> {
  return [...toLspDiagnostics(analysis), ...(await strictSchemaDiagnostics(analysis, document))];
}

/** A tests file's diagnostics: its own problems, then those against the prompt it tests (none without one). */
export async function testsDiagnostics(document: TextDocument, prompt: PromptAnalysis | undefined): Promise<Diagnostic[]> {
  const invalid = parseTestCases(document.getText()).diagnostics.map((problem): Diagnostic => ({
    range: problem.range,
    severity: DiagnosticSeverity.Error,
    code: SCHEMA_DIAGNOSTIC_CODES.testsFileInvalid,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  }));
  const schema = prompt && (await outputSchemaOf(prompt.frontmatter));
  return schema ? [...invalid, ...testsFileDiagnostics(document, schema.json)] : invalid;
}

/** The codes of the diagnostics above that core's analysis does not have. */
export { SCHEMA_DIAGNOSTIC_CODES } from './strictDiagnostics.ts';
