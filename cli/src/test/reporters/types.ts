/** The one interface every test reporter implements: the finished report in, text out. */
import { relative, sep } from 'node:path';
import type { BaselineComparison } from '../compareWithBaseline.ts';
import type { CacheStats } from '../responseCache.ts';
import type { CaseOutcome } from '../runSuites.ts';
import type { Suite } from '../discoverSuites.ts';

/** Everything a test command found out. */
export interface TestReport {
  outcomes: CaseOutcome[];
  /** Suites that could not run (bad YAML or schema, missing prompt). */
  broken: Suite[];
  repeat: number;
  durationMs: number;
  cache?: CacheStats;
  /** Spent on the runs and their judges (cached answers cost nothing). */
  costUsd: number;
  /** With `--baseline`: the git ref or backend label, and each prompt compared with it. */
  baseline?: { ref: string; kind: 'git' | 'label'; comparisons: BaselineComparison[] };
}

/** How reports name the baseline: the git ref as given, a backend label as `label production`. */
export function baselineName(baseline: NonNullable<TestReport['baseline']>): string {
  return baseline.kind === 'label' ? `label ${baseline.ref}` : baseline.ref;
}

export interface TestReportContext {
  cwd: string;
}

export type TestReporter = (report: TestReport, context: TestReportContext) => string;

/** A path as reports show it: relative to the working folder, with forward slashes. */
export function shownPath(file: string, cwd: string): string {
  return (relative(cwd, file) || file).split(sep).join('/');
}

/** Counts of outcomes by status, plus broken suites. */
export function tally(report: TestReport): { passed: number; failed: number; flaky: number; broken: number } {
  const count = (status: CaseOutcome['status']) => report.outcomes.filter((o) => o.status === status).length;
  return { passed: count('passed'), failed: count('failed'), flaky: count('flaky'), broken: report.broken.length };
}

/** Why a run failed, in one line: the run's error, else each failed assertion's reason. */
export function failureReasons(outcome: CaseOutcome): string[] {
  const failing = outcome.runs.find((r) => !r.passed);
  if (!failing) return [];
  if (failing.run.status === 'error') return [`run failed: ${failing.run.error?.message ?? 'unknown error'}`];
  return failing.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
}

/** The 1-based line in the tests file a failure points at: the first failed assertion, else the test. */
export function failureLine(outcome: CaseOutcome): number {
  const lines = outcome.suite.lines;
  const failing = outcome.runs.find((r) => !r.passed);
  const at = failing && failing.run.status === 'success' ? failing.assertions.findIndex((a) => !a.pass) : -1;
  return (at >= 0 ? lines.assert[outcome.index]?.[at] : undefined) ?? lines.test[outcome.index] ?? 1;
}
