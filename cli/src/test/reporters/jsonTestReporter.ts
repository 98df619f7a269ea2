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
      broken: report.broken.map((s) => ({
        file: shownPath(s.testsFile, cwd),
        problems: s.problems.map((p) => ({ line: p.range.start.line + 1, message: p.message })),
      })),
    },
    null,
    2,
  );
