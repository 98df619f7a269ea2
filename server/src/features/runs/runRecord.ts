/**
 * TestRun rows to API answers. The table has one `error` text column, so the error's kind is
 * stored as a `kind: ` prefix of it (`rate_limit: Too many requests`) and read back here; this
 * file is the only place that knows that encoding. Text columns are decoded from storableText.ts's
 * lossless escape (runService.ts encodes them).
 */
import { decodeStoredJson, decodeStoredText } from '../../db/storableText.ts';
import type { RunOutput, RunErrorKindName } from './runSchemas.ts';
import { runErrorKindSchema } from './runSchemas.ts';

/** Columns every run answer reads. */
export const runSelect = {
  id: true,
  status: true,
  output: true,
  inputTokens: true,
  outputTokens: true,
  costUsd: true,
  judgeCostUsd: true,
  latencyMs: true,
  model: true,
  provider: true,
  promptId: true,
  versionId: true,
  input: true,
  error: true,
  rating: true,
  feedback: true,
  assertionResults: true,
  outputJson: true,
  schemaValid: true,
  toolCalls: true,
  datasetItemId: true,
  createdAt: true,
} as const;

/** A row read with {@link runSelect}. */
export interface RunRow {
  id: string;
  status: 'PENDING' | 'RUNNING' | 'SUCCESS' | 'ERROR' | 'CANCELLED';
  output: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: { toNumber(): number } | null;
  judgeCostUsd: { toNumber(): number };
  latencyMs: number | null;
  model: string;
  provider: string;
  promptId: string;
  versionId: string;
  input: unknown;
  error: string | null;
  rating: number | null;
  feedback: string | null;
  assertionResults: unknown;
  outputJson: unknown;
  schemaValid: boolean | null;
  toolCalls: unknown;
  datasetItemId: string | null;
  createdAt: Date;
}

/** `kind: message`, the stored form of a run error. */
export function encodeRunError(kind: RunErrorKindName, message: string): string {
  return `${kind}: ${message}`;
}

/** Splits a stored error back into kind and message (old or foreign rows: kind undefined). */
export function decodeRunError(stored: string): { kind?: RunErrorKindName; message: string } {
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(stored);
  const kind = match ? runErrorKindSchema.safeParse(match[1]) : undefined;
  return kind?.success ? { kind: kind.data, message: match![2]! } : { message: stored };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API shape of a run row. Only SUCCESS is `success`; errors and cancellations are `error`. */
export function toRunOutput(row: RunRow): RunOutput {
  const out: RunOutput = {
    id: row.id,
    status: row.status === 'SUCCESS' ? 'success' : 'error',
    output: row.output === null ? null : decodeStoredText(row.output),
    inputTokens: row.inputTokens ?? 0,
    outputTokens: row.outputTokens ?? 0,
    costUsd: row.costUsd ? row.costUsd.toNumber() : 0,
    judgeCostUsd: row.judgeCostUsd.toNumber(),
    latencyMs: row.latencyMs ?? 0,
    model: row.model,
    provider: row.provider,
    promptId: row.promptId,
    versionId: row.versionId,
    input: isObject(row.input) ? decodeStoredJson(row.input) : {},
    rating: row.rating,
    feedback: row.feedback,
    outputJson: row.outputJson === null ? null : decodeStoredJson(row.outputJson),
    schemaValid: row.schemaValid,
    toolCalls: Array.isArray(row.toolCalls) ? (decodeStoredJson(row.toolCalls) as RunOutput['toolCalls']) : [],
    datasetItemId: row.datasetItemId,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.error !== null) {
    const { kind, message } = decodeRunError(decodeStoredText(row.error));
    out.error = message;
    if (kind) out.errorKind = kind;
  }
  if (Array.isArray(row.assertionResults)) out.assertions = decodeStoredJson(row.assertionResults) as NonNullable<RunOutput['assertions']>;
  return out;
}
