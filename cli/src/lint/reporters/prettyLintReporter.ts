/** For people at a terminal: `file:line:col  severity  message  (code)`, one file after another, then totals. */
import { relative } from 'node:path';
import { countSeverities } from '../lintFile.ts';
import type { LintReporter } from './types.ts';

export const prettyLintReporter: LintReporter = (results, { cwd }) => {
  const lines: string[] = [];
  for (const result of results) {
    if (!result.diagnostics.length) continue;
    const path = relative(cwd, result.file) || result.file;
    for (const d of [...result.diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)) {
      const at = `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`${at}  ${d.severity.padEnd(11)} ${d.message}  (${d.code})`);
    }
  }
  const { errors, warnings, infos } = countSeverities(results);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(results.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} information`);
  return lines.join('\n');
};
