/**
 * `promptstack test --remote`: each tests file becomes a dataset of its prompt's project on the
 * backend (created, or its items replaced, so the dataset mirrors the file), run against the
 * version the file is (a recorded dataset run per repeat). Progress is polled from the prompt's
 * recorded runs while the run request is answered; each item's recorded run is then read back so
 * the same reporters show latency, cost and output as for a local run.
 */
import type { RunnableProviderId, TestCaseResult } from '@promptstack/core';
import type { AssertionResult } from '@promptstack/core/testcases/evaluateAssertions';
import type { Assertion } from '@promptstack/core/testcases/schema';
import type { BackendClient, BackendDatasetRun, BackendRun } from '../backend/backendClient.ts';
import { UsageError } from '../exitCodes.ts';
import { fileStatus } from '../sync/syncStatus.ts';
import type { Suite } from './discoverSuites.ts';
import type { CaseOutcome } from './runSuites.ts';

/** Most calls in flight the backend allows one dataset run. */
export const MAX_REMOTE_CONCURRENCY = 16;
const POLL_MS = 500;
const PAGE_SIZE = 100;

export interface RemoteRunOptions {
  concurrency: number;
  repeat: number;
  /** How a file is named in messages. */
  shown: (file: string) => string;
  onProgress?: (done: number, total: number) => void;
}

/** What a dataset for `suite` is called in its project (one per prompt). */
export function datasetName(promptName: string): string {
  return `${promptName}.tests.yaml`;
}

/** The backend version the suite's prompt file is: it must be linked and have no change the backend lacks. */
async function versionOf(client: BackendClient, suite: Suite, shown: (file: string) => string) {
  const status = await fileStatus(client, suite.promptFile);
  if (!status) throw new UsageError(`${shown(suite.promptFile)} is not linked to a backend prompt (promptstack.id): --remote runs linked prompts only`);
  const number = status.state === 'in sync' ? status.latest : status.state === 'behind' ? status.base : undefined;
  if (number === undefined) {
    throw new UsageError(`${shown(suite.promptFile)} has changes the backend does not have (${status.state}): push it first (promptstack push)`);
  }
  const version = await client.version(status.promptId, number);
  return { prompt: status.prompt, version };
}

/** Writes the suite's cases into its dataset (replacing its items) and answers the dataset's id. */
async function syncDataset(client: BackendClient, suite: Suite, projectId: string, promptName: string, shown: (file: string) => string): Promise<string> {
  const items = suite.file!.tests.map((test) => ({ input: test.input, assertions: test.assert }));
  const name = datasetName(promptName);
  const existing = (await client.datasets(projectId)).find((d) => d.name === name);
  if (existing) return (await client.replaceDatasetItems(existing.id, items)).id;
  return (await client.createDataset(projectId, name, `The cases of ${shown(suite.testsFile)}, written by promptstack test --remote`, items)).id;
}

/** The recorded runs with these ids, read from the prompt's newest runs of the version. */
async function recordedRuns(client: BackendClient, promptId: string, versionId: string, ids: ReadonlySet<string>): Promise<Map<string, BackendRun>> {
  const found = new Map<string, BackendRun>();
  for (let page = 1; found.size < ids.size; page++) {
    const { items } = await client.runs(promptId, versionId, page, PAGE_SIZE);
    for (const run of items) if (ids.has(run.id)) found.set(run.id, run);
    if (items.length < PAGE_SIZE) break;
  }
  return found;
}

/** One item's recorded run as core's test case result, so every reporter reads it as a local run. */
function asTestCaseResult(name: string, item: BackendDatasetRun['items'][number], run: BackendRun | undefined, assert: readonly Assertion[]): TestCaseResult {
  // A dataset item whose assertions failed is recorded as an error of kind `assertion`: the call itself answered.
  const answered = item.passed || item.errorKind === 'assertion';
  const assertions: AssertionResult[] = item.assertions.map((a, i) => ({
    type: a.type as AssertionResult['type'],
    assertion: assert[i]!,
    pass: a.pass,
    reason: a.reason,
    ...(a.score !== undefined ? { score: a.score } : {}),
    ...(a.judge ? { judge: a.judge } : {}),
  }));
  return {
    name,
    passed: item.passed,
    assertions,
    run: {
      status: answered ? 'success' : 'error',
      output: run?.output ?? '',
      messages: [],
      model: run?.model ?? '',
      ...(run?.provider ? { provider: run.provider as RunnableProviderId } : {}),
      config: {},
      inputTokens: run?.inputTokens ?? 0,
      outputTokens: run?.outputTokens ?? 0,
      costUsd: run?.costUsd ?? 0,
      priced: true,
      latencyMs: run?.latencyMs ?? 0,
      durationMs: run?.latencyMs ?? 0,
      startedAt: run?.createdAt ?? new Date().toISOString(),
      attempts: 1,
      ...(answered
        ? {}
        : { error: { kind: (item.errorKind ?? 'provider') as NonNullable<TestCaseResult['run']['error']>['kind'], message: item.error ?? 'the run failed' } }),
    },
  };
}

/** Runs every suite's dataset on the backend; outcomes in the order of the suites and their tests. */
export async function runRemotely(client: BackendClient, suites: readonly Suite[], options: RemoteRunOptions): Promise<CaseOutcome[]> {
  const runnable = suites.filter((s) => s.file && s.source !== undefined && s.problems.length === 0);
  // Resolve every version first: a file that is not on the backend stops the run before any call.
  const targets = [];
  for (const suite of runnable) targets.push({ suite, ...(await versionOf(client, suite, options.shown)) });
  const total = runnable.reduce((sum, s) => sum + s.file!.tests.length, 0) * options.repeat;
  let done = 0;
  const outcomes: CaseOutcome[] = [];
  for (const { suite, prompt, version } of targets) {
    const datasetId = await syncDataset(client, suite, prompt.projectId, prompt.name, options.shown);
    const tests = suite.file!.tests;
    const results: TestCaseResult[][] = tests.map(() => []);
    for (let r = 0; r < options.repeat; r++) {
      const before = (await client.runs(prompt.id, version.id, 1, 1)).total;
      const reported = done;
      let finished = false;
      const poll = (async () => {
        while (!finished) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (finished) break;
          const recorded = (await client.runs(prompt.id, version.id, 1, 1).catch(() => ({ total: before }))).total - before;
          done = reported + Math.min(recorded, tests.length);
          options.onProgress?.(done, total);
        }
      })();
      const defaults = suite.file!.defaults;
      let answer: BackendDatasetRun;
      try {
        answer = await client.runDataset(datasetId, {
          promptId: prompt.id,
          versionId: version.id,
          ...(defaults?.model ? { model: defaults.model } : {}),
          ...(defaults?.config ? { config: defaults.config } : {}),
          concurrency: Math.min(options.concurrency, MAX_REMOTE_CONCURRENCY),
        });
      } finally {
        finished = true;
        await poll;
      }
      done = reported + tests.length;
      options.onProgress?.(done, total);
      const runs = await recordedRuns(client, prompt.id, version.id, new Set(answer.items.map((i) => i.runId)));
      for (const item of answer.items) {
        const test = tests[item.index]!;
        results[item.index]!.push(asTestCaseResult(test.name, item, runs.get(item.runId), test.assert));
      }
    }
    tests.forEach((test, index) => {
      const runs = results[index]!;
      const passed = runs.filter((r) => r.passed).length;
      const status: CaseOutcome['status'] = passed === runs.length ? 'passed' : passed === 0 ? 'failed' : 'flaky';
      outcomes.push({ suite, index, name: test.name, status, runs, fromCache: runs.map(() => false) });
    });
  }
  return outcomes;
}
