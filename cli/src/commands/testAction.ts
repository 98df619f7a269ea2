/**
 * Runs `promptstack test` with its parsed arguments: finds the suites, checks the cost, runs every
 * case (locally, or on the backend with `--remote`) and writes every reporter.
 */
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import { createProviderRegistry } from '@promptstack/core/providers/createProvider';
import { RUNNABLE_PROVIDERS } from '@promptstack/core/providers/runnableProviders';
import { backendClient } from '../backend/backendClient.ts';
import { backendTarget } from '../backend/cliConfig.ts';
import { EXIT, UsageError } from '../exitCodes.ts';
import { createProgress } from '../progress.ts';
import { credentialsFromEnv, missingCredentialsMessage, unconfiguredFromEnv } from '../providerCredentials.ts';
import { emit, parseReporters, type ReporterChoice } from '../reporters/reporterOptions.ts';
import { gitRevision, promptAtRevision, type PromptVersion } from '../test/baselineSources.ts';
import { discoverSuites, TESTS_FILE_HINT, type Suite } from '../test/discoverSuites.ts';
import { estimateSuitesCost } from '../test/estimateSuitesCost.ts';
import { promptsAtLabel } from '../test/labelBaseline.ts';
import { shownPath, tally, type TestReport } from '../test/reporters/types.ts';
import { runRemotely } from '../test/remoteRun.ts';
import { cachedRegistry, responseCache, type CacheStats } from '../test/responseCache.ts';
import { runSuites, selectCases, type CaseOutcome } from '../test/runSuites.ts';
import { TEST_REPORTERS, type TestOptions, type TestReporterName } from './testCommand.ts';

/** The action of `promptstack test [paths...]`. */
export async function testAction(paths: string[], options: TestOptions): Promise<void> {
  const reporters = parseReporters<TestReporterName>(options.reporter, Object.keys(TEST_REPORTERS) as TestReporterName[], 'pretty');
  const cwd = process.cwd();
  const suites = await discoverSuites(paths, cwd);
  if (suites.length === 0) {
    throw new UsageError(
      `No *.tests.yaml files under ${paths.length ? paths.join(', ') : 'the current folder'}; name.tests.yaml beside name.prompt runs it, and ${TESTS_FILE_HINT}`,
    );
  }
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
  const credentials = credentialsFromEnv();
  const unconfigured = unconfiguredFromEnv(credentials);
  const live = createProviderRegistry(credentials, unconfigured.providers);
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
  // The statistics load only for a baseline run.
  const compare = baseline ? (await import('../test/compareWithBaseline.ts')).compareWithBaseline : undefined;
  const report = {
    outcomes,
    broken: suites.filter((s) => !s.file || s.problems.length > 0),
    repeat: options.repeat,
    durationMs: performance.now() - started,
    ...(options.cache ? { cache: stats } : {}),
    costUsd,
    ...(baseline && compare
      ? { baseline: { ref: options.baseline!, kind: baseline.kind, comparisons: compare(outcomes, baselineOutcomes, options.minSample) } }
      : {}),
  };
  await finish(report, reporters, cwd, options.failOnRegression);
  // Runs that needed a provider nobody configured are a configuration error, said once at the end.
  for (const provider of RUNNABLE_PROVIDERS.filter((p) => unconfigured.called.has(p.id))) {
    process.stderr.write(`promptstack: ${missingCredentialsMessage(provider)}\n`);
    process.exitCode = EXIT.usage;
  }
}

/** What the runs and their judges cost, runs answered from the cache excepted. */
function spent(outcomes: readonly CaseOutcome[]): number {
  return outcomes
    .flatMap((o) => o.runs.filter((_, i) => !o.fromCache[i]))
    .reduce((sum, r) => sum + r.run.costUsd + r.assertions.reduce((s, a) => s + (a.judge?.costUsd ?? 0), 0), 0);
}

/** Writes every reporter and sets the exit code. */
async function finish(report: TestReport, reporters: ReporterChoice<TestReporterName>[], cwd: string, failOnRegression: boolean): Promise<void> {
  for (const choice of reporters) emit(choice, (await TEST_REPORTERS[choice.name]())(report, { cwd }));
  const t = tally(report);
  const regressed = async (comparisons: NonNullable<TestReport['baseline']>['comparisons']) =>
    comparisons.some((await import('../test/compareWithBaseline.ts')).isRegression);
  const failed = failOnRegression
    ? t.broken > 0 || (report.baseline !== undefined && (await regressed(report.baseline.comparisons)))
    : t.failed + t.flaky + t.broken > 0;
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
  await finish(report, reporters, cwd, options.failOnRegression);
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
