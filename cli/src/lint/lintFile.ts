/**
 * Lints one `.prompt` or `name.tests.yaml` file exactly as the language server diagnoses an open
 * document: a prompt's analysis with its output-schema checks, a tests file's problems and its
 * assertions against the prompt it tests.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from '@promptstack/language-server/analysis/analyzeDocument';
import { isTestsFileUri, promptOfTestsFile } from '@promptstack/language-server/analysis/testsFiles';
import { promptDiagnostics, testsDiagnostics } from '@promptstack/language-server/features/schema/documentDiagnostics';
import type { PromptDiagnostic } from '@promptstack/core/format/types';

/** A diagnostic as the reporters print it: core's shape, with the language server's own codes too. */
export type LintDiagnostic = Omit<PromptDiagnostic, 'code'> & { code: string };

/** A file's diagnostics, with the text they point into (reporters quote the line). */
export interface LintResult {
  /** Absolute path. */
  file: string;
  text: string;
  diagnostics: LintDiagnostic[];
}

const SEVERITIES: Record<number, PromptDiagnostic['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'information',
};

function fromLsp(d: Diagnostic): LintDiagnostic {
  return {
    range: d.range,
    severity: SEVERITIES[d.severity ?? DiagnosticSeverity.Error]!,
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    ...(d.data ? { data: d.data as Record<string, unknown> } : {}),
  };
}

/** Reads and diagnoses `file`; partials and the tested prompt resolve beside it, as in the editor. */
export async function lintFile(file: string): Promise<LintResult> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  let diagnostics: Diagnostic[];
  if (isTestsFileUri(uri)) {
    const prompt = promptOfTestsFile(uri, text, () => undefined);
    diagnostics = await testsDiagnostics(TextDocument.create(uri, 'yaml', 1, text), prompt && analyzeDocument(prompt.uri, prompt.text));
  } else {
    diagnostics = await promptDiagnostics(analyzeDocument(uri, text), TextDocument.create(uri, 'dotprompt', 1, text));
  }
  return { file, text, diagnostics: diagnostics.map(fromLsp) };
}

/** Counts by severity over many results. */
export function countSeverities(results: readonly LintResult[]): { errors: number; warnings: number; infos: number } {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const result of results) {
    for (const d of result.diagnostics) {
      if (d.severity === 'error') counts.errors++;
      else if (d.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}
