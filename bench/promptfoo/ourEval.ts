/**
 * Our side of the promptfoo comparison, run as its own process (bundled to .cache/ourEval.mjs):
 * every row of the dataset through `runTestCase` (render, call, `contains` assertion) with a
 * provider limiter of `concurrency`, then one JSON line on stdout with what it saw.
 *
 *   node ourEval.mjs <prompt> <dataset.csv> <cases> <concurrency> <openaiBaseUrl> <apiKey>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createProviderLimiter, createProviderRegistry, runTestCase, type TestCase } from '@promptstack/core';
import { readTopics } from './dataset.ts';

/** What the parent reads back from stdout. */
export interface OurEvalReport {
  cases: number;
  passed: number;
  /** First error message, when any run failed. */
  firstError?: string;
  /** From the first test run to the last result, without process start-up. */
  evalMs: number;
}

const [promptPath, datasetPath, casesArg, concurrencyArg, baseURL, apiKey] = process.argv.slice(2);
if (!promptPath || !datasetPath || !baseURL || !apiKey) {
  console.error('usage: ourEval <prompt> <dataset.csv> <cases> <concurrency> <openaiBaseUrl> <apiKey>');
  process.exit(2);
}

const source = readFileSync(promptPath, 'utf8');
const topics = readTopics(datasetPath).slice(0, Number(casesArg));
const providers = createProviderRegistry({ openai: { apiKey, baseURL } });
const limiter = createProviderLimiter({ openai: Number(concurrencyArg) });

// The same check promptfoo's config makes: the answer mentions the topic, ignoring case.
const tests: TestCase[] = topics.map((topic, index) => ({
  name: `case ${index + 1}`,
  input: { topic },
  assert: [{ type: 'contains', value: topic, caseSensitive: false }],
}));

const started = performance.now();
const outcomes = await Promise.all(tests.map((test) => limiter.run('openai', () => runTestCase(source, test, undefined, { providers }))));
const evalMs = performance.now() - started;

const failed = outcomes.find((outcome) => !outcome.passed);
const report: OurEvalReport = {
  cases: outcomes.length,
  passed: outcomes.filter((outcome) => outcome.passed).length,
  evalMs,
  ...(failed ? { firstError: failed.run.error?.message ?? failed.assertions.find((a) => !a.pass)?.reason ?? 'assertion failed' } : {}),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
