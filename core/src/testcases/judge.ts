/**
 * LLM-as-judge: asks a model to grade an output against a rubric, through the same runner as
 * any run, and reads a 0..1 score from its answer.
 */
import { runPrompt } from '../runner/runPrompt.ts';
import type { RunPromptOptions, RunResult } from '../runner/types.ts';

/** How the judge runs: providers, credentials, clock... and its default model. */
export type JudgeOptions = Omit<RunPromptOptions, 'source' | 'input' | 'model' | 'onToken'> & {
  /** Used when the assertion names no model (default `openai/gpt-4o-mini`). */
  model?: string;
};

/** The judge model when neither the assertion nor the options name one. */
export const DEFAULT_JUDGE_MODEL = 'openai/gpt-4o-mini';

/** The rubric prompt, itself a Dotprompt template. */
export const JUDGE_PROMPT = `---
config:
  temperature: 0
input:
  schema:
    rubric: string
    input: string
    output: string
---
{{role "system"}}
You grade an AI answer against a rubric. Reply with JSON only:
{"score": <number from 0 to 1>, "reason": "<one sentence>"}
{{role "user"}}
Rubric:
{{rubric}}

Input given to the AI:
{{input}}

Answer to grade:
{{output}}
`;

/** The judge's verdict, or why there is none. */
export interface JudgeVerdict {
  score?: number;
  reason: string;
  run: RunResult;
}

/** Brings a 0-10 or 0-100 score (some models ignore the scale) back to 0..1. */
function normalise(score: number): number | undefined {
  if (!Number.isFinite(score) || score < 0) return undefined;
  if (score <= 1) return score;
  if (score <= 10) return score / 10;
  if (score <= 100) return score / 100;
  return undefined;
}

/** Reads `{"score": x, "reason": "..."}`, or a `score: x` line, or a bare number. */
export function parseJudgeAnswer(text: string): { score?: number; reason?: string } {
  const json = /\{[\s\S]*\}/.exec(text);
  if (json) {
    try {
      const value = JSON.parse(json[0]) as { score?: unknown; reason?: unknown };
      const score = typeof value.score === 'number' ? value.score : Number(value.score);
      return { score: normalise(score), reason: typeof value.reason === 'string' ? value.reason : undefined };
    } catch {
      // Not JSON after all; fall through to the looser forms.
    }
  }
  const labelled = /score\W{0,3}(\d+(?:\.\d+)?)/i.exec(text) ?? /^\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  return labelled ? { score: normalise(Number(labelled[1])) } : {};
}

/** Asks the judge model to grade `output`. */
export async function judgeOutput(
  rubric: string,
  input: unknown,
  output: string,
  model: string | undefined,
  options: JudgeOptions = {},
): Promise<JudgeVerdict> {
  const { model: defaultModel, ...runOptions } = options;
  const run = await runPrompt({
    ...runOptions,
    source: JUDGE_PROMPT,
    model: model ?? defaultModel ?? DEFAULT_JUDGE_MODEL,
    input: { rubric, input: JSON.stringify(input ?? {}), output },
  });
  if (run.status === 'error') return { reason: `Judge call failed: ${run.error?.message ?? 'unknown error'}`, run };
  const { score, reason } = parseJudgeAnswer(run.output);
  if (score === undefined) return { reason: `Judge answer has no score: ${run.output.slice(0, 200)}`, run };
  return { score, reason: reason ?? '', run };
}
