/**
 * The inputs an A/B test runs, as stored on the AbTest row (a snapshot taken at creation, so
 * editing the dataset later does not change a running test) and the job key naming one run.
 */
import { stableJobId } from '../../jobs/jobIds.ts';
import type { Assertion, ToolScript } from '@promptstack/core/testcases/schema';
import { readToolScripts } from '../runs/index.ts';

/** One input of a test: the variables, and the dataset row, assertions and scripted tool results it came from. */
export interface AbTestInputRow {
  input: Record<string, unknown>;
  datasetItemId?: string;
  assertions?: Assertion[];
  tools?: Record<string, ToolScript>;
}

/** One run of a test: which variant, which input, which repetition. The job's payload. */
export interface AbRunRef {
  abTestId: string;
  variantId: string;
  inputIndex: number;
  repetition: number;
}

/** The TestRun.jobKey of a run: unique, so a second delivery of its job records nothing new. */
export function abRunJobKey(ref: AbRunRef): string {
  return `ab:${ref.abTestId}:${ref.variantId}:${ref.inputIndex}:${ref.repetition}`;
}

/** The input index encoded in a job key (the analysis pairs runs by it), or null for a foreign key. */
export function inputIndexOfJobKey(jobKey: string | null): number | null {
  const match = jobKey ? /^ab:[^:]+:[^:]+:(\d+):\d+$/.exec(jobKey) : null;
  return match ? Number(match[1]) : null;
}

/** A stable id for a run's job, from its key: re-sending the same run queues nothing new. */
export function abRunJobId(ref: AbRunRef): string {
  return stableJobId(abRunJobKey(ref));
}

/** Reads the stored snapshot back; anything malformed is skipped rather than crashing a worker. */
export function readInputRows(stored: unknown): AbTestInputRow[] {
  if (!Array.isArray(stored)) return [];
  return stored.map((row): AbTestInputRow => {
    const r = (row ?? {}) as Partial<AbTestInputRow>;
    const out: AbTestInputRow = { input: r.input && typeof r.input === 'object' ? r.input : {} };
    if (typeof r.datasetItemId === 'string') out.datasetItemId = r.datasetItemId;
    if (Array.isArray(r.assertions) && r.assertions.length) out.assertions = r.assertions;
    const tools = readToolScripts(r.tools);
    if (tools) out.tools = tools;
    return out;
  });
}

/** Every run of a test, input by input so the variants advance together. */
export function allRunRefs(abTestId: string, variantIds: readonly string[], inputCount: number, runsPerInput: number): AbRunRef[] {
  const refs: AbRunRef[] = [];
  for (let repetition = 0; repetition < runsPerInput; repetition++) {
    for (let inputIndex = 0; inputIndex < inputCount; inputIndex++) {
      for (const variantId of variantIds) refs.push({ abTestId, variantId, inputIndex, repetition });
    }
  }
  return refs;
}
