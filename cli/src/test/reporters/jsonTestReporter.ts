/** Machine-readable: every case with its status and each repeat's run and assertions. */
import { failureReasons, shownPath, tally, type TestReporter } from './types.ts';

export const jsonTestReporter: TestReporter = (report, { cwd }) =>
  JSON.stringify(
    {
      summary: { ...tally(report), durationMs: report.durationMs, costUsd: report.costUsd, cache: report.cache ?? null },
      cases: report.outcomes.map((o) => ({
        file: shownPath(o.suite.testsFile, cwd),
        prompt: shownPath(o.suite.promptFile, cwd),
        name: o.name,
        status: o.status,
        reasons: failureReasons(o),
        runs: o.runs.map(({ passed, run, assertions }) => ({
          passed,
          status: run.status,
          output: run.output,
          model: run.model,
          inputTokens: run.inputTokens,
          outputTokens: run.outputTokens,
          costUsd: run.costUsd,
          latencyMs: run.latencyMs,
          error: run.error ?? null,
          assertions: assertions.map((a) => ({ type: a.type, pass: a.pass, reason: a.reason, ...(a.score !== undefined ? { score: a.score } : {}) })),
        })),
      })),
      baseline: report.baseline
        ? {
            ref: report.baseline.ref,
            kind: report.baseline.kind,
            prompts: report.baseline.comparisons.map((c) => ({
              prompt: shownPath(c.promptFile, cwd),
              metrics: c.metrics.map(({ metric, verdict, comparison: k }) => ({
                metric,
                verdict,
                baseline: k.estimateA,
                current: k.estimateB,
                difference: k.difference,
                ci: k.ci,
                pValue: k.pValue,
                adjustedPValue: k.adjustedPValue,
                test: k.test,
                pairs: k.nB,
                summary: k.summary,
              })),
            })),
          }
        : null,
      broken: report.broken.map((s) => ({
        file: shownPath(s.testsFile, cwd),
        problems: s.problems.map((p) => ({ line: p.range.start.line + 1, message: p.message })),
      })),
    },
    null,
    2,
  );
