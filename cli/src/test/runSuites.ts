/**
 * Runs the cases of the discovered suites with core's runner: `concurrency` at once, each case
 * `repeat` times, partials and the tools `tools:` names resolved beside the prompt. A case that passed on some repeats and failed
 * on others is flaky. Runs never throw (core records failures as data), so one bad case never stops
 * the others.
 */
import { readFileSync } from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ProviderRegistry, ToolDefinition } from '@promptstack/core';
import { resolveToolFilesFor } from '@promptstack/core/render/toolFiles';
import { runTestCase, type TestCaseResult } from '@promptstack/core/testcases/runTestCase';
import { partialFilePath } from '@promptstack/language-server/analysis/partials';
import type { PromptVersion } from './baselineSources.ts';
import type { Suite } from './discoverSuites.ts';
import { resolvePartials, type PartialOptions } from './resolvePartials.ts';

/** What happened to one case over its repeats. */
export interface CaseOutcome {
  suite: Suite;
  /** Index in the suite's `tests`. */
  index: number;
  name: string;
  status: 'passed' | 'failed' | 'flaky';
  /** One result per repeat, in order. */
  runs: TestCaseResult[];
  /** Per repeat: every provider call of the run (judge included) was answered from the cache. */
  fromCache: boolean[];
}

/** The providers one run uses, and whether all its calls were answered from the cache. */
export interface RunProviders {
  providers: Required<ProviderRegistry>;
  fromCache(): boolean;
}

export interface RunSuitesOptions {
  concurrency: number;
  /** A limiter shared with another call (a baseline run beside this one); default: one of `concurrency`. */
  limit?: LimitFunction;
  repeat: number;
  /** Only cases whose `file > name` contains this text (case-insensitive). */
  filter?: string;
  /** Providers for one run, the `repeat`-th of its case (a fresh cache view per run, so its hits can be told apart). */
  providersForRun: (repeat: number) => RunProviders;
  /** The prompt each suite runs (default: the file in the working tree with partials beside it). */
  versionOf?: (suite: Suite) => PromptVersion;
  /** Called after every finished run (progress). */
  onRun?: (done: number, total: number) => void;
}

/** The partials of a prompt, read from `_name.prompt` beside it as Dotprompt's directory store does. */
export function partialsBeside(promptFile: string) {
  return (name: string): string | null => {
    try {
      return readFileSync(partialFilePath(promptFile, name), 'utf8');
    } catch {
      return null;
    }
  };
}

/** Reads a file of the working tree, or null when there is none. */
function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The tools a prompt's `tools:` names, from `name.tool.yaml` (or `.tool.json`) beside it or in
 * `tools/` beside it, read from the working tree. A name with no usable file stays unresolved,
 * and the run fails naming it.
 */
export function toolsBeside(promptFile: string, source: string): ToolDefinition[] | undefined {
  const { tools } = resolveToolFilesFor(promptFile, source, readOrNull);
  return tools.length > 0 ? tools : undefined;
}

/** The cases `filter` keeps, as [suite, index] pairs. */
export function selectCases(suites: readonly Suite[], filter: string | undefined, label: (suite: Suite) => string): Array<[Suite, number]> {
  const wanted = filter?.toLowerCase();
  const cases: Array<[Suite, number]> = [];
  for (const suite of suites) {
    if (!suite.file || suite.source === undefined) continue;
    suite.file.tests.forEach((test, index) => {
      if (!wanted || `${label(suite)} > ${test.name}`.toLowerCase().includes(wanted)) cases.push([suite, index]);
    });
  }
  return cases;
}

/** Runs the selected cases; outcomes in the order of the suites and their tests. */
export async function runSuites(cases: ReadonlyArray<[Suite, number]>, options: RunSuitesOptions): Promise<CaseOutcome[]> {
  const limit = options.limit ?? pLimit(Math.max(1, options.concurrency));
  const total = cases.length * options.repeat;
  let done = 0;
  // Each suite's prompt and partials, read once for all its cases.
  const prepared = new Map<Suite, Promise<{ source: string; partials: PartialOptions | undefined; tools: ToolDefinition[] | undefined }>>();
  const prepare = (suite: Suite) => {
    let entry = prepared.get(suite);
    if (!entry) {
      const { source, partialResolver } = options.versionOf?.(suite) ?? { source: suite.source!, partialResolver: partialsBeside(suite.promptFile) };
      entry = resolvePartials(source, partialResolver).then((partials) => ({
        source,
        partials: 'partials' in partials && Object.keys(partials.partials).length === 0 ? undefined : partials,
        tools: toolsBeside(suite.promptFile, source),
      }));
      prepared.set(suite, entry);
    }
    return entry;
  };
  return Promise.all(
    cases.map(async ([suite, index]) => {
      const test = suite.file!.tests[index]!;
      const { source, partials, tools } = await prepare(suite);
      const repeats = await Promise.all(
        Array.from({ length: options.repeat }, (_, repeat) =>
          limit(async () => {
            const { providers, fromCache } = options.providersForRun(repeat);
            const result = await runTestCase(source, test, suite.file!.defaults, { providers, ...partials, ...(tools ? { tools } : {}) });
            options.onRun?.(++done, total);
            return { result, cached: fromCache() };
          }),
        ),
      );
      const runs = repeats.map((r) => r.result);
      const passed = runs.filter((r) => r.passed).length;
      const status: CaseOutcome['status'] = passed === runs.length ? 'passed' : passed === 0 ? 'failed' : 'flaky';
      return { suite, index, name: test.name, status, runs, fromCache: repeats.map((r) => r.cached) };
    }),
  );
}
