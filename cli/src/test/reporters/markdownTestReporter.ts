/** Markdown for `$GITHUB_STEP_SUMMARY`: the totals, then a table of every case that did not pass. */
import { baselineName, failureReasons, shownPath, tally, type TestReporter } from './types.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

export const markdownTestReporter: TestReporter = (report, { cwd }) => {
  const t = tally(report);
  const lines = [
    '## PromptStack tests',
    '',
    `**${t.passed} passed, ${t.failed} failed, ${t.flaky} flaky**${t.broken ? `, ${t.broken} broken file(s)` : ''} in ${(report.durationMs / 1000).toFixed(1)} s, $${report.costUsd.toFixed(4)} spent.`,
  ];
  const notPassed = report.outcomes.filter((o) => o.status !== 'passed');
  if (notPassed.length || report.broken.length) {
    lines.push('', '| status | file | case | why |', '| --- | --- | --- | --- |');
    for (const o of notPassed)
      lines.push(`| ${o.status} | ${cell(shownPath(o.suite.testsFile, cwd))} | ${cell(o.name)} | ${cell(failureReasons(o).join('; '))} |`);
    for (const s of report.broken) lines.push(`| broken | ${cell(shownPath(s.testsFile, cwd))} | | ${cell(s.problems.map((p) => p.message).join('; '))} |`);
  }
  if (report.baseline) {
    lines.push('', `### Against \`${baselineName(report.baseline)}\``, '', '| prompt | metric | verdict | detail |', '| --- | --- | --- | --- |');
    for (const c of report.baseline.comparisons) {
      for (const m of c.metrics) lines.push(`| ${cell(shownPath(c.promptFile, cwd))} | ${m.metric} | ${m.verdict} | ${cell(m.comparison.summary)} |`);
    }
  }
  return lines.join('\n');
};
