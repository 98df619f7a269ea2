/** Runs one test case of a tests file: the prompt with its input, then its assertions. */
import { runPrompt } from '../runner/runPrompt.ts';
import type { RunPromptOptions, RunResult } from '../runner/types.ts';
import { evaluateAssertions, testPassed, type AssertionResult } from './evaluateAssertions.ts';
import type { JudgeOptions } from './judge.ts';
import { scriptedToolHandler } from './scriptedTools.ts';
import type { TestCase, TestCasesFile } from './schema.ts';

/** A test case's outcome. */
export interface TestCaseResult {
  name: string;
  passed: boolean;
  run: RunResult;
  assertions: AssertionResult[];
}

/**
 * Runs `test` against `source`, with the file's defaults under the caller's run options. When the
 * case scripts tools, their results answer the model's calls (a tool it does not script goes to
 * the caller's `onToolCall`, or fails the case); without a script, a run that calls tools ends
 * at its first tool calls, recorded for `tool-called`.
 */
export async function runTestCase(
  source: string,
  test: TestCase,
  defaults: TestCasesFile['defaults'],
  options: Omit<RunPromptOptions, 'source' | 'input'> & { judge?: JudgeOptions } = {},
): Promise<TestCaseResult> {
  const { judge, ...runOptions } = options;
  const model = runOptions.model ?? defaults?.model;
  const config = defaults?.config || runOptions.config ? { ...defaults?.config, ...runOptions.config } : undefined;
  const onToolCall = test.tools ? scriptedToolHandler(test.tools, runOptions.onToolCall) : runOptions.onToolCall;
  const run = await runPrompt({
    ...runOptions,
    source,
    input: test.input,
    ...(model ? { model } : {}),
    ...(config ? { config } : {}),
    ...(onToolCall ? { onToolCall } : {}),
  });
  const assertions = await evaluateAssertions(run, test.assert, {
    input: test.input,
    // The judge reuses the run's providers and clock unless told otherwise.
    judge: { providers: runOptions.providers, credentials: runOptions.credentials, clock: runOptions.clock, signal: runOptions.signal, ...judge },
  });
  return { name: test.name, passed: testPassed(run, assertions), run, assertions };
}
