/**
 * Checks a run against its test case's assertions. A test passes when the run succeeded and
 * every assertion held; each assertion says why it passed or failed.
 */
import type { ValidateFunction } from 'ajv';
import { compileJsonSchema, violationsLine, violationsOf } from '../structured/jsonSchemaValidator.ts';
import { isDeepStrictEqual } from 'node:util';
import type { RunResult } from '../runner/types.ts';
import { parseJsonAnswer } from '../structured/validateOutput.ts';
import { judgeOutput, type JudgeOptions } from './judge.ts';
import type { Assertion, AssertionType } from './schema.ts';
import { compileUserRegex } from './userRegex.ts';

/** The outcome of one assertion. */
export interface AssertionResult {
  type: AssertionType;
  assertion: Assertion;
  pass: boolean;
  reason: string;
  /** llm-judge only: the 0..1 score. */
  score?: number;
  /** llm-judge only: what the judge's own call used and cost, when a call was made. */
  judge?: JudgeUsage;
}

/** The judge call behind an llm-judge assertion: tokens and cost, priced as any run is. */
export interface JudgeUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** What the judge calls of some assertions cost together, in USD. */
export function judgeCostUsd(assertions: readonly AssertionResult[]): number {
  return assertions.reduce((sum, assertion) => sum + (assertion.judge?.costUsd ?? 0), 0);
}

/** What assertions may need besides the run. */
export interface EvaluateOptions {
  /** How llm-judge assertions call their model. */
  judge?: JudgeOptions;
  /** The test input, shown to the judge. */
  input?: unknown;
}

/** Default llm-judge pass mark. */
export const DEFAULT_JUDGE_THRESHOLD = 0.7;

/** The answer as JSON: the run's parsed `outputJson` when it has one, else the output text parsed. */
function answerJson(result: RunResult): { ok: true; value: unknown } | { ok: false } {
  return result.outputJson !== undefined ? { ok: true, value: result.outputJson } : parseJsonAnswer(result.output);
}

/** Compiles a user's JSON Schema, or says why it cannot be. */
function compileSchema(schema: Record<string, unknown>): { ok: true; validate: ValidateFunction } | { ok: false; reason: string } {
  const validate = compileJsonSchema(schema);
  return validate instanceof Error ? { ok: false, reason: `Invalid JSON Schema: ${validate.message}` } : { ok: true, validate };
}

function checkToolCalled(result: RunResult, assertion: Extract<Assertion, { type: 'tool-called' }>): { pass: boolean; reason: string } {
  const calls = (result.toolCalls ?? []).filter((call) => call.name === assertion.value);
  const name = `'${assertion.value}'`;
  if (assertion.times !== undefined && calls.length !== assertion.times) {
    return { pass: false, reason: `Tool ${name} was called ${calls.length} time(s), expected ${assertion.times}` };
  }
  if (assertion.times === undefined && calls.length === 0) return { pass: false, reason: `Tool ${name} was not called` };
  if (!assertion.arguments) return { pass: true, reason: `Tool ${name} was called ${calls.length} time(s)` };
  const compiled = compileSchema(assertion.arguments);
  if (!compiled.ok) return { pass: false, reason: compiled.reason };
  const failures = calls.flatMap((call) => (compiled.validate(call.arguments) ? [] : [violationsLine(violationsOf(compiled.validate.errors))]));
  // With `times`, every call must match; without it, one matching call is enough.
  const pass = assertion.times !== undefined ? failures.length === 0 : failures.length < calls.length;
  if (pass) return { pass, reason: `Tool ${name} was called with arguments matching the JSON Schema` };
  return { pass, reason: `Arguments of tool ${name} do not match the JSON Schema: ${failures[0]}` };
}

function contains(output: string, value: string, caseSensitive = true): boolean {
  return caseSensitive ? output.includes(value) : output.toLowerCase().includes(value.toLowerCase());
}

function checkEquals(result: RunResult, assertion: Extract<Assertion, { type: 'equals' }>): boolean {
  const output = result.output;
  if (typeof assertion.value !== 'string' || result.outputJson !== undefined) {
    const parsed = answerJson(result);
    return parsed.ok && isDeepStrictEqual(parsed.value, assertion.value);
  }
  let [actual, expected] = [output, assertion.value];
  if (assertion.trim !== false) [actual, expected] = [actual.trim(), expected.trim()];
  if (assertion.caseSensitive === false) [actual, expected] = [actual.toLowerCase(), expected.toLowerCase()];
  return actual === expected;
}

async function evaluateOne(result: RunResult, assertion: Assertion, options: EvaluateOptions): Promise<Omit<AssertionResult, 'type' | 'assertion'>> {
  const output = result.output;
  switch (assertion.type) {
    case 'contains': {
      const pass = contains(output, assertion.value, assertion.caseSensitive);
      return { pass, reason: pass ? `Output contains '${assertion.value}'` : `Output does not contain '${assertion.value}'` };
    }
    case 'not-contains': {
      const pass = !contains(output, assertion.value, assertion.caseSensitive);
      return { pass, reason: pass ? `Output does not contain '${assertion.value}'` : `Output contains '${assertion.value}'` };
    }
    case 'regex': {
      // Saved patterns were checked already; one stored before that check fails here instead.
      const compiled = compileUserRegex(assertion.value, assertion.flags);
      if (!compiled.ok) return { pass: false, reason: compiled.message };
      const pass = compiled.regex.test(output);
      return { pass, reason: pass ? `Output matches /${assertion.value}/` : `Output does not match /${assertion.value}/` };
    }
    case 'json-schema': {
      const parsed = answerJson(result);
      if (!parsed.ok) return { pass: false, reason: 'Output is not valid JSON' };
      const compiled = compileSchema(assertion.schema);
      if (!compiled.ok) return { pass: false, reason: compiled.reason };
      const validate = compiled.validate;
      if (validate(parsed.value)) return { pass: true, reason: 'Output matches the JSON Schema' };
      return { pass: false, reason: `Output does not match the JSON Schema: ${violationsLine(violationsOf(validate.errors))}` };
    }
    case 'max-latency': {
      const pass = result.latencyMs <= assertion.ms;
      return { pass, reason: `Latency ${result.latencyMs} ms ${pass ? '<=' : '>'} ${assertion.ms} ms` };
    }
    case 'max-cost': {
      const pass = result.costUsd <= assertion.usd;
      return { pass, reason: `Cost $${result.costUsd.toFixed(6)} ${pass ? '<=' : '>'} $${assertion.usd}` };
    }
    case 'equals': {
      const pass = checkEquals(result, assertion);
      return { pass, reason: pass ? 'Output equals the expected value' : `Output differs from ${JSON.stringify(assertion.value)}` };
    }
    case 'tool-called':
      return checkToolCalled(result, assertion);
    case 'llm-judge': {
      const threshold = assertion.threshold ?? DEFAULT_JUDGE_THRESHOLD;
      const verdict = await judgeOutput(assertion.rubric, options.input, output, assertion.model, options.judge);
      // A failed judge call may still have been billed (a retried one, a cut-off stream).
      const { model, inputTokens, outputTokens, costUsd } = verdict.run;
      const judge = { model, inputTokens, outputTokens, costUsd };
      if (verdict.score === undefined) return { pass: false, reason: verdict.reason, judge };
      const pass = verdict.score >= threshold;
      const why = verdict.reason ? `: ${verdict.reason}` : '';
      return { pass, score: verdict.score, reason: `Judge score ${verdict.score} ${pass ? '>=' : '<'} ${threshold}${why}`, judge };
    }
  }
}

/**
 * Evaluates every assertion against a run. A failed run fails every assertion (there is no
 * output to judge), with the run's error as the reason. Never throws.
 */
export async function evaluateAssertions(result: RunResult, assertions: readonly Assertion[], options: EvaluateOptions = {}): Promise<AssertionResult[]> {
  if (result.status === 'error') {
    const reason = `Run failed (${result.error?.kind ?? 'error'}): ${result.error?.message ?? ''}`;
    return assertions.map((assertion) => ({ type: assertion.type, assertion, pass: false, reason }));
  }
  return Promise.all(assertions.map(async (assertion) => ({ type: assertion.type, assertion, ...(await evaluateOne(result, assertion, options)) })));
}

/** True when the run succeeded and every assertion held. */
export function testPassed(result: RunResult, assertions: readonly AssertionResult[]): boolean {
  return result.status === 'success' && assertions.every((assertion) => assertion.pass);
}
