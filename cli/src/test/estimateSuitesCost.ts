/**
 * What a test run may cost before it starts: for every case and repeat, core's estimate of the
 * rendered prompt with its whole output budget, plus, for each llm-judge assertion, a judge call
 * reading the input and that answer. An upper bound: cached answers would cost nothing.
 */
import { costUsd, findModel } from '@promptstack/core/models/catalog';
import { CHARS_PER_TOKEN, estimateRunCost } from '@promptstack/core/runner/estimateRunCost';
import { DEFAULT_JUDGE_MODEL } from '@promptstack/core/testcases/judge';
import type { Suite } from './discoverSuites.ts';
import { partialsBeside } from './runSuites.ts';

/** Tokens a judge answers with (a score and a short reason). */
const JUDGE_OUTPUT_TOKENS = 200;

export interface SuitesCostEstimate {
  maxUsd: number;
  /** Cases whose model has no price (counted as 0). */
  unpriced: number;
}

/** The upper bound for running `cases`, each `repeat` times. */
export async function estimateSuitesCost(cases: ReadonlyArray<[Suite, number]>, repeat: number): Promise<SuitesCostEstimate> {
  let maxUsd = 0;
  let unpriced = 0;
  for (const [suite, index] of cases) {
    const test = suite.file!.tests[index]!;
    const estimate = await estimateRunCost(suite.source!, test.input, suite.file!.defaults?.model, { partialResolver: partialsBeside(suite.promptFile) });
    if (!estimate.ok || !estimate.estimate.priced) {
      unpriced++;
      continue;
    }
    let perRun = estimate.estimate.maxUsd;
    for (const assertion of test.assert) {
      if (assertion.type !== 'llm-judge') continue;
      const judge = findModel(assertion.model ?? DEFAULT_JUDGE_MODEL);
      const judgeInput = estimate.estimate.inputTokens + estimate.estimate.maxOutputTokens + Math.ceil(assertion.rubric.length / CHARS_PER_TOKEN);
      if (judge) perRun += costUsd(judge, { inputTokens: judgeInput, outputTokens: JUDGE_OUTPUT_TOKENS }) ?? 0;
    }
    maxUsd += perRun * repeat;
  }
  return { maxUsd, unpriced };
}
