/** Builds analysis diagnostics in one shape, so every producer reports the same way. */
import type { DiagnosticCode, PromptDiagnostic, Range, Severity } from './types.ts';

/** A diagnostic; `data` is omitted when empty so snapshots stay small. */
export function diagnostic(range: Range, severity: Severity, code: DiagnosticCode, message: string, data?: Record<string, unknown>): PromptDiagnostic {
  return data ? { range, severity, code, message, data } : { range, severity, code, message };
}
