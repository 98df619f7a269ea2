/** `promptstack test [paths...]`: runs every case of the `name.tests.yaml` files with core's runner. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { MIN_SAMPLE_PER_VARIANT } from '@promptstack/core/stats/types';
import { providerEnvNames } from '../providerCredentials.ts';
import type { TestReporter } from '../test/reporters/types.ts';
import { reporterOption } from '../reporters/reporterOptions.ts';
import { parseCount } from './lintCommand.ts';
import { BACKEND_OPTION } from './syncCommands.ts';

/** Test reporters by the name `--reporter` takes, each loaded only when chosen (JUnit's XML builder is large). */
export const TEST_REPORTERS = {
  pretty: async () => (await import('../test/reporters/prettyTestReporter.ts')).prettyTestReporter,
  json: async () => (await import('../test/reporters/jsonTestReporter.ts')).jsonTestReporter,
  junit: async () => (await import('../test/reporters/junitTestReporter.ts')).junitTestReporter,
  markdown: async () => (await import('../test/reporters/markdownTestReporter.ts')).markdownTestReporter,
  github: async () => (await import('../test/reporters/githubTestReporter.ts')).githubTestReporter,
} satisfies Record<string, () => Promise<TestReporter>>;
/** A test reporter's name. */
export type TestReporterName = keyof typeof TEST_REPORTERS;

/** Default folder of the response cache, relative to where the command runs (git-ignored `.promptstack/`). */
export const DEFAULT_CACHE_DIR = '.promptstack/cache';

/** The options of `promptstack test`, as commander parses them. */
export interface TestOptions {
  reporter: string[];
  concurrency: number;
  repeat: number;
  filter?: string;
  cache: boolean;
  cacheDir: string;
  cacheTtl: number;
  maxCost?: number;
  baseline?: string;
  backend?: string;
  remote: boolean;
  failOnRegression: boolean;
  minSample: number;
}

/** `30s`, `15m`, `24h`, `7d` as milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected a duration such as 30m, 24h or 7d, got '${value}'`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

function parseUsd(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected an amount in US dollars, got '${value}'`);
  return n;
}

function positive(value: string): number {
  const n = parseCount(value);
  if (n < 1) throw new InvalidArgumentError('expected at least 1');
  return n;
}

/** Adds `test` to the program. */
export function testCommand(program: Command): void {
  program
    .command('test')
    .description('Run the test cases in name.tests.yaml files against their prompts')
    .argument('[paths...]', 'tests files, prompts or folders to search (default: the current folder)')
    .addOption(reporterOption(Object.keys(TEST_REPORTERS)))
    .option('-j, --concurrency <n>', 'cases run at once', positive, 8)
    .option('--repeat <n>', 'run every case n times; a case that passes only sometimes is reported flaky', positive, 1)
    .option('--filter <text>', "only cases whose 'file > name' contains this text")
    .option('--no-cache', 'always call the provider (answers are cached on disk by exact request otherwise)')
    .addOption(new Option('--cache-dir <dir>', 'where cached answers live').default(DEFAULT_CACHE_DIR))
    .addOption(new Option('--cache-ttl <duration>', 'how long a cached answer is used (30m, 24h, 7d)').default(7 * 86_400_000, '7d').argParser(parseDuration))
    .option('--max-cost <usd>', 'refuse to start when the estimated cost is above this', parseUsd)
    .option(
      '--baseline <ref-or-label>',
      'also run the cases against each prompt as it was at this git ref, or at this backend label (production, staging) of its linked prompt, and compare with paired statistics',
    )
    .option(
      '--fail-on-regression',
      'with --baseline: exit 1 only when a prompt is significantly worse on pass rate (failing cases alone do not fail the run)',
      false,
    )
    .option('--min-sample <n>', 'with --baseline: pairs a metric needs before any verdict', positive, MIN_SAMPLE_PER_VARIANT)
    .option('--remote', "run the cases on the backend as a recorded dataset run of each linked prompt's version (workspace credentials)", false)
    .option(...BACKEND_OPTION)
    .addHelpText(
      'after',
      `\nCredentials come from the providers' own variables: ${providerEnvNames()}.` +
        '\nExit codes: 0 every case passed, 1 a case failed or was flaky or a tests file is broken, 2 usage error, a provider with no credentials set, or --max-cost exceeded.',
    )
    // The runner, its SDKs and the reporters load only when the command runs (not for --help or another command).
    .action(async (paths: string[], options: TestOptions) => (await import('./testAction.ts')).testAction(paths, options));
}
