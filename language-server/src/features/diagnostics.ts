/** Analysis diagnostics -> LSP diagnostics (severity, range, stable code, source, data). */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { PromptAnalysis, Severity } from '@promptstack/core';

/** The `source` every PromptStack diagnostic carries, so users can filter by it. */
export const DIAGNOSTIC_SOURCE = 'promptstack';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Maps every analysis diagnostic to LSP, keeping its data for the quick fixes. */
export function toLspDiagnostics(analysis: PromptAnalysis): Diagnostic[] {
  return analysis.diagnostics.map((d) => ({
    range: d.range,
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
  }));
}
