/** `promptstack lint [paths...]`: the language server's diagnostics from the command line. */
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT } from '../exitCodes.ts';
import { findPromptFiles, LINTED_FILES } from '../findPromptFiles.ts';
import { githubLintReporter } from '../lint/reporters/githubLintReporter.ts';
import { jsonLintReporter } from '../lint/reporters/jsonLintReporter.ts';
import { prettyLintReporter } from '../lint/reporters/prettyLintReporter.ts';
import { sarifLintReporter } from '../lint/reporters/sarifLintReporter.ts';
import type { LintReporter } from '../lint/reporters/types.ts';
import { emit, parseReporters, reporterOption } from '../reporters/reporterOptions.ts';
import { VERSION } from '../version.ts';

/** Lint reporters by the name `--reporter` takes. */
export const LINT_REPORTERS = { pretty: prettyLintReporter, json: jsonLintReporter, sarif: sarifLintReporter, github: githubLintReporter } satisfies Record<
  string,
  LintReporter
>;
type LintReporterName = keyof typeof LINT_REPORTERS;

/** Adds `lint` to the program. */
export function lintCommand(program: Command): void {
  program
    .command('lint')
    .description("Check .prompt files and their tests files with the language server's diagnostics (same codes and ranges as in the editor)")
    .argument('[paths...]', '.prompt and .tests.yaml files or folders to search (default: the current folder)')
    .addOption(reporterOption(Object.keys(LINT_REPORTERS)))
    .option('--max-warnings <n>', 'also fail when there are more warnings than this', parseCount)
    .addHelpText('after', '\nExit codes: 0 no error-level diagnostic, 1 errors (or too many warnings), 2 usage error.')
    .action(async (paths: string[], options: { reporter: string[]; maxWarnings?: number }) => {
      const reporters = parseReporters<LintReporterName>(options.reporter, Object.keys(LINT_REPORTERS) as LintReporterName[], 'pretty');
      const files = await findPromptFiles(paths, process.cwd(), LINTED_FILES);
      // The language server's analysis loads only when lint runs (not for test, sync or --help).
      const { countSeverities, lintFile } = await import('../lint/lintFile.ts');
      const results = await Promise.all(files.map(lintFile));
      const context = { cwd: process.cwd(), version: VERSION };
      for (const choice of reporters) emit(choice, LINT_REPORTERS[choice.name](results, context));
      const { errors, warnings } = countSeverities(results);
      const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
      process.exitCode = errors > 0 || tooManyWarnings ? EXIT.failures : EXIT.ok;
    });
}

/** A non-negative whole number option. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
  return n;
}
