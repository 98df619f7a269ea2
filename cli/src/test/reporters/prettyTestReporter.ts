/** For people at a terminal: each case with its mark, the reasons of failures, then totals. */
import { baselineName, failureReasons, shownPath, tally, type TestReporter } from './types.ts';

const MARK = { passed: '✓', failed: '✗', flaky: '~' } as const;

export const prettyTestReporter: TestReporter = (report, { cwd }) => {
  const lines: string[] = [];
  let current = '';
  for (const outcome of report.outcomes) {
    const file = shownPath(outcome.suite.testsFile, cwd);
    if (file !== current) lines.push((current = file));
    const passes = outcome.runs.filter((r) => r.passed).length;
    const repeats = report.repeat > 1 ? ` (${passes}/${outcome.runs.length} passed)` : '';
    const latency = Math.round(outcome.runs.reduce((sum, r) => sum + r.run.latencyMs, 0) / outcome.runs.length);
    lines.push(`  ${MARK[outcome.status]} ${outcome.name}${repeats}  ${latency} ms`);
    for (const reason of failureReasons(outcome)) lines.push(`      ${reason}`);
  }
  for (const suite of report.broken) {
    lines.push(shownPath(suite.testsFile, cwd));
    for (const problem of suite.problems) lines.push(`  ✗ line ${problem.range.start.line + 1}: ${problem.message}`);
  }
  if (report.baseline) {
    lines.push('', `Against ${baselineName(report.baseline)}:`);
    for (const c of report.baseline.comparisons) {
      lines.push(`  ${shownPath(c.promptFile, cwd)}`);
      for (const m of c.metrics) lines.push(`    ${m.metric.padEnd(12)} ${m.verdict.padEnd(26)} ${m.comparison.summary}`);
    }
    if (!report.baseline.comparisons.length)
      lines.push(report.baseline.kind === 'label' ? '  no linked prompt here has that label' : '  no prompt existed at the baseline');
  }
  const t = tally(report);
  const cache = report.cache ? `, cache ${report.cache.hits} hit${report.cache.hits === 1 ? '' : 's'}` : '';
  lines.push(
    '',
    `${t.passed} passed, ${t.failed} failed, ${t.flaky} flaky${t.broken ? `, ${t.broken} broken file${t.broken === 1 ? '' : 's'}` : ''} ` +
      `(${(report.durationMs / 1000).toFixed(2)} s, $${report.costUsd.toFixed(6)}${cache})`,
  );
  return lines.join('\n');
};
