/** GitHub annotations at the exact line of the failing assertion in the tests file (flaky cases warn). */
import { annotation } from '../../reporters/githubAnnotations.ts';
import { baselineName, failureLine, failureReasons, shownPath, type TestReporter } from './types.ts';

export const githubTestReporter: TestReporter = (report, { cwd }) => {
  const lines: string[] = [];
  for (const outcome of report.outcomes) {
    if (outcome.status === 'passed') continue;
    const place = { file: shownPath(outcome.suite.testsFile, cwd), line: failureLine(outcome), title: `promptstack test: ${outcome.name}` };
    const reasons = failureReasons(outcome).join('; ');
    if (outcome.status === 'flaky') {
      const passes = outcome.runs.filter((r) => r.passed).length;
      lines.push(annotation('warning', place, `Flaky: passed ${passes} of ${outcome.runs.length} runs. ${reasons}`));
    } else {
      lines.push(annotation('error', place, reasons));
    }
  }
  for (const suite of report.broken) {
    for (const problem of suite.problems)
      lines.push(annotation('error', { file: shownPath(suite.testsFile, cwd), line: problem.range.start.line + 1 }, problem.message));
  }
  for (const c of report.baseline?.comparisons ?? []) {
    for (const m of c.metrics.filter((m) => m.verdict === 'worse')) {
      const level = m.metric === 'successRate' ? 'error' : 'warning';
      lines.push(
        annotation(
          level,
          { file: shownPath(c.promptFile, cwd), line: 1, title: `promptstack: ${m.metric} regressed against ${baselineName(report.baseline!)}` },
          m.comparison.summary,
        ),
      );
    }
  }
  return lines.join('\n');
};
