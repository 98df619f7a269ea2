/** Machine-readable: every file with its diagnostics (LSP ranges: 0-based lines and UTF-16 columns). */
import { relative } from 'node:path';
import { countSeverities } from '../lintFile.ts';
import type { LintReporter } from './types.ts';

export const jsonLintReporter: LintReporter = (results, { cwd }) =>
  JSON.stringify(
    {
      files: results.map((r) => ({
        file: relative(cwd, r.file) || r.file,
        diagnostics: r.diagnostics.map(({ range, severity, code, message }) => ({ range, severity, code, message })),
      })),
      summary: { files: results.length, ...countSeverities(results) },
    },
    null,
    2,
  );
