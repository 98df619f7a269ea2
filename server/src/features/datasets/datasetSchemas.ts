/** Zod inputs and outputs of the dataset procedures. */
import { assertionSchema, assertionShapeSchema, toolScriptSchema } from '@promptstack/core/testcases/schema';
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { assertionResultOutput, runInputSchema } from '../runs/index.ts';

/** Most items a dataset holds; imports and writes beyond it are a 400. */
export const MAX_DATASET_ITEMS = 10_000;

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000).nullish();

/** Scripted tool results by tool name, as a tests.yaml case writes them (`{ getWeather: { result: {...} } }`). */
export const datasetToolsSchema = z
  .record(z.string().min(1).max(200), toolScriptSchema)
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 tools')
  .refine((value) => JSON.stringify(value).length <= 200_000, 'tools must be at most 200 KB of JSON');

/** One case: the prompt input, optionally an expected value, scripted tool results and the assertions its output must meet. */
export const datasetItemInput = z.object({
  input: runInputSchema,
  expected: z.unknown().optional(),
  assertions: z.array(assertionSchema).max(50).optional(),
  tools: datasetToolsSchema.optional(),
});

export const createDatasetInput = z.object({
  projectId: idSchema,
  name,
  description,
  items: z.array(datasetItemInput).max(MAX_DATASET_ITEMS).optional(),
});

/** `PUT /api/datasets/{id}`: `items`, when given, replaces every item. */
export const updateDatasetInput = z.object({
  id: idSchema,
  name: name.optional(),
  description,
  items: z.array(datasetItemInput).max(MAX_DATASET_ITEMS).optional(),
});

export const listDatasetsInput = z.object({ projectId: idSchema });
export const datasetIdInput = z.object({ id: idSchema });

/** `POST /api/datasets/{id}/import`: CSV (header row; `assert:<type>` or `assertions` columns) or JSONL. */
export const importDatasetInput = z.object({
  id: idSchema,
  format: z.enum(['csv', 'jsonl']),
  content: z.string().min(1).max(900_000),
  /** `append` (default) adds after the existing items; `replace` swaps them all. */
  mode: z.enum(['append', 'replace']).default('append'),
});

/** `POST /api/datasets/{id}/run` */
export const runDatasetInput = z.object({
  id: idSchema,
  promptId: idSchema,
  versionId: idSchema.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  config: z.record(z.string().max(100), z.unknown()).optional(),
  /** Calls in flight at once per provider (default 4). */
  concurrency: z.number().int().min(1).max(16).default(4),
});

export const datasetItemOutput = z.object({
  id: z.string(),
  index: z.number().int(),
  input: z.record(z.string(), z.unknown()),
  expected: z.unknown().optional(),
  // As stored: an item saved before a rule was added still reads back.
  assertions: z.array(assertionShapeSchema),
  tools: z.record(z.string(), z.unknown()).optional(),
});

export const datasetSummaryOutput = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  itemCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const datasetOutput = datasetSummaryOutput.extend({ items: z.array(datasetItemOutput) });

export const importResultOutput = z.object({ imported: z.number().int(), dataset: datasetSummaryOutput });

/** One item's run in a dataset run. */
export const datasetRunItemOutput = z.object({
  itemId: z.string(),
  index: z.number().int(),
  runId: z.string(),
  /** True when the call succeeded and every assertion held. */
  passed: z.boolean(),
  error: z.string().optional(),
  errorKind: z.string().optional(),
  assertions: z.array(assertionResultOutput),
});

export const datasetRunOutput = z.object({
  datasetId: z.string(),
  promptId: z.string(),
  versionId: z.string(),
  total: z.number().int(),
  passed: z.number().int(),
  /** Calls that answered but whose assertions did not all hold. */
  failedAssertions: z.number().int(),
  /** Calls that failed (provider error, invalid input, cancelled). */
  errored: z.number().int(),
  /** The runs' own calls. */
  costUsd: z.number(),
  /** The llm-judge calls of the items' assertions. */
  judgeCostUsd: z.number(),
  items: z.array(datasetRunItemOutput),
});

export type DatasetItemInput = z.infer<typeof datasetItemInput>;
export type DatasetOutput = z.infer<typeof datasetOutput>;
export type DatasetSummaryOutput = z.infer<typeof datasetSummaryOutput>;
export type DatasetRunOutput = z.infer<typeof datasetRunOutput>;
