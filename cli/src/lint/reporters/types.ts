/** The one interface every lint reporter implements: results in, text out (the caller decides where it goes). */
import type { LintResult } from '../lintFile.ts';

export interface LintReportContext {
  /** Paths in reports are relative to this folder (the repository root in CI). */
  cwd: string;
  /** The CLI's version, for SARIF's tool section. */
  version: string;
}

export type LintReporter = (results: readonly LintResult[], context: LintReportContext) => string;
