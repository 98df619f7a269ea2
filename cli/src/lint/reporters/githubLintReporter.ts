/** GitHub Actions annotations at each diagnostic's exact place in the pull request. */
import { relative } from 'node:path';
import { annotation } from '../../reporters/githubAnnotations.ts';
import type { LintReporter } from './types.ts';

const LEVEL = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

export const githubLintReporter: LintReporter = (results, { cwd }) =>
  results
    .flatMap((result) =>
      result.diagnostics.map((d) =>
        annotation(
          LEVEL[d.severity],
          {
            file: relative(cwd, result.file) || result.file,
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            endLine: d.range.end.line + 1,
            endColumn: d.range.end.character + 1,
            title: `promptstack ${d.code}`,
          },
          d.message,
        ),
      ),
    )
    .join('\n');
