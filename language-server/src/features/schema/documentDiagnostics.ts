/**
 * Every diagnostic of a document: a prompt's are core's analysis plus the strict-mode check of its
 * `output.schema`; a tests file's are the contradictions of its assertions with the prompt's schema.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { toLspDiagnostics } from '../diagnostics.ts';
import { outputSchemaOf } from './outputSchema.ts';
import { strictSchemaDiagnostics } from './strictDiagnostics.ts';
import { testsFileDiagnostics } from './testsFileDiagnostics.ts';

/** A prompt document's diagnostics. */
export async function promptDiagnostics(analysis: PromptAnalysis, document: TextDocument): Promise<Diagnostic[]> {
  return [...toLspDiagnostics(analysis), ...(await strictSchemaDiagnostics(analysis, document))];
}

/** A tests file's diagnostics against the analysis of the prompt it tests (none without one). */
export async function testsDiagnostics(document: TextDocument, prompt: PromptAnalysis | undefined): Promise<Diagnostic[]> {
  const schema = prompt && (await outputSchemaOf(prompt.frontmatter));
  return schema ? testsFileDiagnostics(document, schema.json) : [];
}
