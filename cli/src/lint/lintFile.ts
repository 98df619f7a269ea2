/** Lints one `.prompt` file exactly as the language server analyses an open document. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '@promptstack/language-server/analysis/analyzeDocument';
import type { PromptDiagnostic } from '@promptstack/core/format/types';

/** A file's diagnostics, with the text they point into (reporters quote the line). */
export interface LintResult {
  /** Absolute path. */
  file: string;
  text: string;
  diagnostics: PromptDiagnostic[];
}

/** Reads and analyses `file`; partials resolve beside it, as in the editor. */
export function lintFile(file: string): LintResult {
  const text = readFileSync(file, 'utf8');
  const { diagnostics } = analyzeDocument(pathToFileURL(file).href, text);
  return { file, text, diagnostics };
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
