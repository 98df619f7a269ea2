/** JUnit XML for CI test tabs: a testsuite per tests file, a testcase per case, failures with their reasons. */
import { create } from 'xmlbuilder2';
import { failureReasons, shownPath, tally, type TestReporter } from './types.ts';

export const junitTestReporter: TestReporter = (report, { cwd }) => {
  const t = tally(report);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'promptstack',
    tests: report.outcomes.length + t.broken,
    failures: t.failed + t.flaky,
    errors: t.broken,
    time: (report.durationMs / 1000).toFixed(3),
  });
  const byFile = new Map<string, typeof report.outcomes>();
  for (const outcome of report.outcomes) {
    const file = shownPath(outcome.suite.testsFile, cwd);
    byFile.set(file, [...(byFile.get(file) ?? []), outcome]);
  }
  for (const [file, outcomes] of byFile) {
    const failures = outcomes.filter((o) => o.status !== 'passed').length;
    const suite = root.ele('testsuite', { name: file, tests: outcomes.length, failures, errors: 0 });
    for (const outcome of outcomes) {
      const seconds = outcome.runs.reduce((sum, r) => sum + r.run.durationMs, 0) / 1000;
      const testcase = suite.ele('testcase', { name: outcome.name, classname: file, time: seconds.toFixed(3) });
      if (outcome.status !== 'passed') {
        const reasons = failureReasons(outcome);
        const message =
          outcome.status === 'flaky' ? `flaky: passed ${outcome.runs.filter((r) => r.passed).length} of ${outcome.runs.length} runs` : (reasons[0] ?? 'failed');
        testcase.ele('failure', { message, type: outcome.status }).txt(reasons.join('\n'));
      }
    }
  }
  for (const broken of report.broken) {
    const file = shownPath(broken.testsFile, cwd);
    const suite = root.ele('testsuite', { name: file, tests: 1, failures: 0, errors: 1 });
    suite
      .ele('testcase', { name: 'tests file', classname: file, time: '0' })
      .ele('error', { message: broken.problems[0]?.message ?? 'invalid tests file' })
      .txt(broken.problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`).join('\n'));
  }
  return root.end({ prettyPrint: true });
};
