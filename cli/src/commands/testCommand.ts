/** `promptstack test [paths...]`: runs every case of the `name.tests.yaml` files with core's runner. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import { createProviderRegistry, MIN_SAMPLE_PER_VARIANT } from '@promptstack/core';
import { backendClient } from '../backend/backendClient.ts';
import { backendTarget } from '../backend/cliConfig.ts';
import { EXIT, UsageError } from '../exitCodes.ts';
import { createProgress } from '../progress.ts';
import { credentialsFromEnv, providerEnvNames } from '../providerCredentials.ts';
import { emit, parseReporters, type ReporterChoice } from '../reporters/reporterOptions.ts';
import { gitRevision, promptAtRevision, type PromptVersion } from '../test/baselineSources.ts';
import { compareWithBaseline, isRegression } from '../test/compareWithBaseline.ts';
import { discoverSuites, type Suite } from '../test/discoverSuites.ts';
import { estimateSuitesCost } from '../test/estimateSuitesCost.ts';
import { promptsAtLabel } from '../test/labelBaseline.ts';
import { githubTestReporter } from '../test/reporters/githubTestReporter.ts';
import { jsonTestReporter } from '../test/reporters/jsonTestReporter.ts';
import { junitTestReporter } from '../test/reporters/junitTestReporter.ts';
import { markdownTestReporter } from '../test/reporters/markdownTestReporter.ts';
import { prettyTestReporter } from '../test/reporters/prettyTestReporter.ts';
import { shownPath, tally, type TestReport, type TestReporter } from '../test/reporters/types.ts';
import { runRemotely } from '../test/remoteRun.ts';
import { cachedRegistry, responseCache, type CacheStats } from '../test/responseCache.ts';
import { runSuites, selectCases, type CaseOutcome } from '../test/runSuites.ts';
import { collect, parseCount } from './lintCommand.ts';
import { BACKEND_OPTION } from './syncCommands.ts';

/** Test reporters by the name `--reporter` takes. */
export const TEST_REPORTERS = {
  pretty: prettyTestReporter,
  json: jsonTestReporter,
  junit: junitTestReporter,
  markdown: markdownTestReporter,
  github: githubTestReporter,
} satisfies Record<string, TestReporter>;
type TestReporterName = keyof typeof TEST_REPORTERS;

/** Default folder of the response cache, relative to where the command runs (git-ignored `.promptstack/`). */
export const DEFAULT_CACHE_DIR = '.promptstack/cache';

interface TestOptions {
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
    .option('-r, --reporter <name[=file]>', `output format, repeatable: ${Object.keys(TEST_REPORTERS).join(', ')}; =file writes to a file`, collect, [])
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
        '\nExit codes: 0 every case passed, 1 a case failed or was flaky or a tests file is broken, 2 usage error or --max-cost exceeded.',
    )
    .action(async (paths: string[], options: TestOptions) => {
      const reporters = parseReporters<TestReporterName>(options.reporter, Object.keys(TEST_REPORTERS) as TestReporterName[], 'pretty');
      const cwd = process.cwd();
      const suites = await discoverSuites(paths, cwd);
      if (suites.length === 0) throw new UsageError(`No *.tests.yaml files under ${paths.length ? paths.join(', ') : 'the current folder'}`);
      if (options.remote && (options.baseline || options.filter)) {
        throw new UsageError(`--remote runs every case of each tests file as its dataset: ${options.baseline ? '--baseline' : '--filter'} is for local runs`);
      }
      const cases = selectCases(suites, options.filter, (suite) => shownPath(suite.testsFile, cwd));
      const baseline = options.baseline ? await readBaseline(options.baseline, suites, cwd, options.backend) : undefined;
      const baselineVersions = baseline?.versions;
      const baselineCases = baselineVersions ? cases.filter(([suite]) => baselineVersions.has(suite)) : [];
      if (options.maxCost !== undefined) {
        const estimate = await estimateSuitesCost([...cases, ...baselineCases], options.repeat);
        if (estimate.maxUsd > options.maxCost) {
          throw new UsageError(
            `The run may cost up to $${estimate.maxUsd.toFixed(4)} (${cases.length + baselineCases.length} cases x ${options.repeat}), above --max-cost $${options.maxCost}: raise it or narrow the run with --filter`,
          );
        }
      }
      if (options.remote) {
        await runOnBackend(suites, options, reporters, cwd);
        return;
      }
      const stats: CacheStats = { hits: 0, misses: 0 };
      const live = createProviderRegistry(credentialsFromEnv());
      const cache = responseCache(resolve(cwd, options.cacheDir), options.cacheTtl);
      const providersForRun = (repeat: number) => {
        if (!options.cache) return { providers: live, fromCache: () => false };
        const mine: CacheStats = { hits: 0, misses: 0 };
        return { providers: cachedRegistry(live, cache, repeat, mine, stats), fromCache: () => mine.hits > 0 && mine.misses === 0 };
      };
      const progress = createProgress('promptstack test');
      const started = performance.now();
      const total = (cases.length + baselineCases.length) * options.repeat;
      let done = 0;
      // Both sides at once under one limit of `concurrency` calls.
      const limit = pLimit(options.concurrency);
      const common = { concurrency: options.concurrency, limit, repeat: options.repeat, providersForRun, onRun: () => progress.update(++done, total) };
      const [outcomes, baselineOutcomes] = await Promise.all([
        runSuites(cases, common),
        baselineVersions ? runSuites(baselineCases, { ...common, versionOf: (suite) => baselineVersions.get(suite)! }) : Promise.resolve([]),
      ]);
      progress.end();
      // What was spent: runs answered from the cache cost nothing.
      const costUsd = spent([...outcomes, ...baselineOutcomes]);
      const report = {
        outcomes,
        broken: suites.filter((s) => !s.file || s.problems.length > 0),
        repeat: options.repeat,
        durationMs: performance.now() - started,
        ...(options.cache ? { cache: stats } : {}),
        costUsd,
        ...(baseline
          ? { baseline: { ref: options.baseline!, kind: baseline.kind, comparisons: compareWithBaseline(outcomes, baselineOutcomes, options.minSample) } }
          : {}),
      };
      finish(report, reporters, cwd, options.failOnRegression);
    });
}

/** What the runs and their judges cost, runs answered from the cache excepted. */
function spent(outcomes: readonly CaseOutcome[]): number {
  return outcomes
    .flatMap((o) => o.runs.filter((_, i) => !o.fromCache[i]))
    .reduce((sum, r) => sum + r.run.costUsd + r.assertions.reduce((s, a) => s + (a.judge?.costUsd ?? 0), 0), 0);
}

/** Writes every reporter and sets the exit code. */
function finish(report: TestReport, reporters: ReporterChoice<TestReporterName>[], cwd: string, failOnRegression: boolean): void {
  for (const choice of reporters) emit(choice, TEST_REPORTERS[choice.name](report, { cwd }));
  const t = tally(report);
  const failed = failOnRegression ? t.broken > 0 || (report.baseline?.comparisons ?? []).some(isRegression) : t.failed + t.flaky + t.broken > 0;
  process.exitCode = failed ? EXIT.failures : EXIT.ok;
}

/** `--remote`: every tests file as a recorded dataset run on the backend, reported as a local run is. */
async function runOnBackend(suites: Suite[], options: TestOptions, reporters: ReporterChoice<TestReporterName>[], cwd: string): Promise<void> {
  const client = backendClient(backendTarget(options.backend));
  const progress = createProgress('promptstack test --remote');
  const started = performance.now();
  const outcomes = await runRemotely(client, suites, {
    concurrency: options.concurrency,
    repeat: options.repeat,
    shown: (file) => shownPath(file, cwd),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.end();
  const report: TestReport = {
    outcomes,
    broken: suites.filter((s) => !s.file || s.problems.length > 0),
    repeat: options.repeat,
    durationMs: performance.now() - started,
    costUsd: spent(outcomes),
  };
  finish(report, reporters, cwd, options.failOnRegression);
}

/**
 * Each suite's prompt at `ref`: a commit of the git repository here when it is one, else the
 * backend label of each linked prompt (suites whose prompt is new there, or unlinked, are left out).
 */
async function readBaseline(
  ref: string,
  suites: readonly Suite[],
  cwd: string,
  backendUrl: string | undefined,
): Promise<{ kind: 'git' | 'label'; versions: Map<Suite, PromptVersion> }> {
  const read = await gitRevision(ref, cwd);
  if (read) {
    const versions = new Map<Suite, PromptVersion>();
    for (const suite of suites) {
      const version = await promptAtRevision(suite.promptFile, read);
      if (version) versions.set(suite, version);
    }
    return { kind: 'git', versions };
  }
  let target;
  try {
    target = backendTarget(backendUrl);
  } catch (error) {
    throw new UsageError(`--baseline ${ref}: not a commit of the git repository here, and no backend to read it as a label from (${(error as Error).message})`);
  }
  return { kind: 'label', versions: await promptsAtLabel(ref, suites, backendClient(target)) };
}
