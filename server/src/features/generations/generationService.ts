/**
 * Stores a batch of generations: each item validated on its own, prompt names resolved in one
 * query (and the experiments items name, in one more when any does), missing costs priced from the model price list at `startedAt`, and every valid item
 * written by ONE multi-row INSERT ... ON CONFLICT DO NOTHING (the statement is its own
 * transaction, and the rollup triggers run inside it), so what the answer counts as accepted is
 * committed, rollups included, before the answer leaves.
 */
import { costUsd, findModel, type ModelInfo } from '@promptstack/core';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { rawQuery, type RawDb } from '../../db/rawDb.ts';
import { encodeStoredJson, encodeStoredText, findUnstorableText } from '../../db/storableText.ts';
import { generationItem, MAX_GENERATIONS_PER_BATCH, type GenerationBatchInput, type GenerationBatchOutput, type GenerationItem } from './generationSchemas.ts';
import { loadExperimentAttribution } from './experimentAttribution.ts';
import { loadPromptResolver, type ResolvedPrompt } from './promptResolution.ts';

/** One row as the INSERT reads it from its JSON parameter. */
interface GenerationRow {
  id: string;
  projectId: string;
  promptId: string;
  versionId: string;
  label: string | null;
  experimentId: string | null;
  model: string;
  provider: string | null;
  input: unknown;
  output: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  latencyMs: number;
  status: string;
  error: string | null;
  userId: string | null;
  sessionId: string | null;
  metadata: unknown;
  /** UTC, ISO text. */
  startedAt: string;
}

/** The columns written, in order; the INSERT and the benchmark's bare INSERT share them. */
export const GENERATION_COLUMNS = [
  'id',
  'projectId',
  'promptId',
  'versionId',
  'label',
  'experimentId',
  'model',
  'provider',
  'input',
  'output',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'latencyMs',
  'status',
  'error',
  'userId',
  'sessionId',
  'metadata',
  'startedAt',
] as const;

const RECORD_TYPES: Record<(typeof GENERATION_COLUMNS)[number], string> = {
  id: 'text',
  projectId: 'text',
  promptId: 'text',
  versionId: 'text',
  label: 'text',
  experimentId: 'text',
  model: 'text',
  provider: 'text',
  input: 'jsonb',
  output: 'text',
  inputTokens: 'int',
  outputTokens: 'int',
  costUsd: 'numeric',
  latencyMs: 'int',
  status: 'text',
  error: 'text',
  userId: 'text',
  sessionId: 'text',
  metadata: 'jsonb',
  startedAt: 'timestamp(3)',
};

const quoted = GENERATION_COLUMNS.map((c) => `"${c}"`).join(', ');
const recordShape = GENERATION_COLUMNS.map((c) => `"${c}" ${RECORD_TYPES[c]}`).join(', ');
// jsonb_to_recordset reads a JSON null as SQL NULL; the input column (required) keeps it as JSON null.
const selected = GENERATION_COLUMNS.map((c) => (c === 'input' ? `COALESCE("input", 'null'::jsonb)` : `"${c}"`)).join(', ');

/** Inserts the rows of `$2` (a JSON array) into workspace `$1`, skipping ids already stored; answers how many went in. */
const INSERT_SQL = `
  WITH inserted AS (
    INSERT INTO "Generation" ("workspaceId", ${quoted})
    SELECT $1, ${selected} FROM jsonb_to_recordset($2::jsonb) AS x(${recordShape})
    ON CONFLICT ("workspaceId", id) DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS inserted FROM inserted`;

/** The first issues of a failed item parse, as one line (`usage.inputTokens: expected number`). */
function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'item'}: ${i.message}`)
    .join('; ');
}

/** The item's id when it has a usable one, for the rejection. */
function idOf(item: unknown): string | null {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

/**
 * Model facts and prices for one batch, each looked up once: a batch repeats a few models and
 * usages, and a price-list lookup costs far more than a map hit.
 */
class BatchPricing {
  private readonly models = new Map<string, ModelInfo | undefined>();
  private readonly prices = new Map<string, number | null>();

  model(id: string): ModelInfo | undefined {
    if (!this.models.has(id)) this.models.set(id, findModel(id));
    return this.models.get(id);
  }

  /** The cost the client gave, else the price list's at `startedAt`, else null (an unpriced model). */
  cost(item: GenerationItem, startedAt: Date): number | null {
    if (item.costUsd !== undefined) return item.costUsd;
    const model = this.model(item.model);
    if (!model) return null;
    // Prices change by the day at most.
    const key = `${item.model}|${item.usage.inputTokens}|${item.usage.outputTokens}|${startedAt.toISOString().slice(0, 10)}`;
    let price = this.prices.get(key);
    if (price === undefined) {
      price = costUsd(model, item.usage, startedAt) ?? null;
      this.prices.set(key, price);
    }
    return price;
  }
}

function rowOf(item: GenerationItem, ids: ResolvedPrompt, startedAt: Date, pricing: BatchPricing): GenerationRow {
  return {
    id: item.id,
    ...ids,
    label: item.prompt.label ?? null,
    experimentId: item.prompt.experimentId ?? null,
    model: item.model,
    provider: item.provider ?? pricing.model(item.model)?.provider ?? null,
    input: encodeStoredJson(item.input ?? null),
    output: encodeStoredText(item.output),
    inputTokens: item.usage.inputTokens,
    outputTokens: item.usage.outputTokens,
    costUsd: pricing.cost(item, startedAt),
    latencyMs: item.latencyMs,
    status: item.status,
    error: item.error === undefined ? null : encodeStoredText(item.error),
    userId: item.userId ?? null,
    sessionId: item.sessionId ?? null,
    metadata: item.metadata === undefined ? null : encodeStoredJson(item.metadata),
    startedAt: startedAt.toISOString(),
  };
}

/** Stores `input.generations` in its workspace; 413 above MAX_GENERATIONS_PER_BATCH items. */
export async function ingestGenerations(raw: RawDb, input: GenerationBatchInput, now = new Date()): Promise<IngestOutcome> {
  if (input.generations.length > MAX_GENERATIONS_PER_BATCH) {
    throw new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `A batch may hold at most ${MAX_GENERATIONS_PER_BATCH} generations; this one holds ${input.generations.length}: split it`,
    });
  }
  const rejected: GenerationBatchOutput['rejected'] = [];
  const valid: Array<{ index: number; item: GenerationItem }> = [];
  for (const [index, candidate] of input.generations.entries()) {
    const parsed = generationItem.safeParse(candidate);
    if (!parsed.success) {
      rejected.push({ index, id: idOf(candidate), error: describe(parsed.error) });
      continue;
    }
    const { id, prompt, model, provider, userId, sessionId } = parsed.data;
    const unstorable = findUnstorableText({ id, prompt, model, provider, userId, sessionId });
    if (unstorable) {
      rejected.push({ index, id, error: `${unstorable} must not contain a NUL character (\\u0000) or an unpaired surrogate` });
      continue;
    }
    valid.push({ index, item: parsed.data });
  }
  const resolver = await loadPromptResolver(
    raw,
    input.workspaceId,
    input.projectId,
    valid.map((v) => v.item.prompt),
  );
  const attribution = await loadExperimentAttribution(
    raw,
    input.workspaceId,
    valid.flatMap((v) => (v.item.prompt.experimentId ? [v.item.prompt.experimentId] : [])),
  );
  const rows: GenerationRow[] = [];
  const pricing = new BatchPricing();
  for (const { index, item } of valid) {
    const ids = resolver.resolve(item.prompt);
    if ('error' in ids) {
      rejected.push({ index, id: item.id, error: ids.error });
      continue;
    }
    const problem = item.prompt.experimentId ? attribution.problem(item.prompt.experimentId, ids, item.prompt) : null;
    if (problem) {
      rejected.push({ index, id: item.id, error: problem });
      continue;
    }
    rows.push(rowOf(item, ids, item.startedAt ? new Date(item.startedAt) : now, pricing));
  }
  rejected.sort((a, b) => a.index - b.index);
  if (rows.length === 0) return { answer: { accepted: 0, duplicates: 0, rejected }, experimentIds: [] };
  const [result] = await rawQuery<{ inserted: number }>(raw, INSERT_SQL, [input.workspaceId, JSON.stringify(rows)]);
  const accepted = result?.inserted ?? 0;
  const experimentIds = [...new Set(rows.flatMap((row) => (row.experimentId ? [row.experimentId] : [])))];
  return { answer: { accepted, duplicates: rows.length - accepted, rejected }, experimentIds };
}

/** What an ingestion did: the answer to the caller, and the live experiments its stored rows belong to. */
export interface IngestOutcome {
  answer: GenerationBatchOutput;
  experimentIds: string[];
}
