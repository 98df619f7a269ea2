/**
 * SARIF 2.1.0 for code scanning: one run of the `promptstack` tool, a rule per diagnostic code
 * (`ruleId` is the code), regions 1-based with UTF-16 columns as LSP counts them.
 */
import { relative, sep } from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { DIAGNOSTIC_CODES } from '@promptstack/core/format/types';
import { SCHEMA_DIAGNOSTIC_CODES } from '@promptstack/language-server/features/schema/documentDiagnostics';
import type { LintReporter } from './types.ts';

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export const sarifLintReporter: LintReporter = (results, { cwd, version }) => {
  const codes = [...Object.values(DIAGNOSTIC_CODES), ...Object.values(SCHEMA_DIAGNOSTIC_CODES)];
  const rules: ReportingDescriptor[] = codes.map((id) => ({ id, name: id, shortDescription: { text: `promptstack ${id}` } }));
  const sarifResults: Result[] = results.flatMap((result) =>
    result.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: rules.findIndex((rule) => rule.id === d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: (relative(cwd, result.file) || result.file).split(sep).join('/'), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'promptstack', version, informationUri: 'https://google.github.io/dotprompt/', rules } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
