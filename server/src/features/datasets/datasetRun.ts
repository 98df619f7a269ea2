/**
 * Runs a prompt version over every item of a dataset, inline, with bounded concurrency per
 * provider (core's limiter), each item's assertions evaluated so an item passes only when its
 * assertions held. Each item is a recorded TestRun linked to its DatasetItem.
 *
 * Inline, not a job: the request waits for the whole batch, so it is capped at
 * MAX_INLINE_RUN_ITEMS; larger or repeated batches belong in A/B tests (durable jobs).
 */
import { TRPCError } from '@trpc/server';
import { createProviderLimiter } from '@promptstack/core/runner/limiter';
import type { Assertion } from '@promptstack/core/testcases/schema';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { runCredentials, runProviders } from '../providers/index.ts';
import { executeRun, type RunDeps } from '../runs/index.ts';
import { resolveRunTarget } from '../runs/index.ts';
import { enforceSpendLimit } from '../runs/index.ts';
import { readToolScripts } from '../runs/index.ts';
import type { DatasetRunOutput } from './datasetSchemas.ts';

/** Most items one inline dataset run calls. */
export const MAX_INLINE_RUN_ITEMS = 1000;

/** What to run the dataset with. */
export interface DatasetRunRequest {
  datasetId: string;
  promptId: string;
  versionId?: string | undefined;
  model?: string | undefined;
  config?: Record<string, unknown> | undefined;
  concurrency: number;
  userId: string;
  signal?: AbortSignal | undefined;
}

/** Loads the dataset's items, checking it is live and in the prompt's workspace. */
async function loadItems(prisma: PrismaClient, datasetId: string, workspaceId: string) {
  const dataset = await prisma.dataset.findFirst({
    where: { id: datasetId, deletedAt: null, project: { workspaceId, deletedAt: null } },
    select: { items: { select: { id: true, index: true, input: true, assertions: true, tools: true }, orderBy: { index: 'asc' } } },
  });
  if (!dataset) throw new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${datasetId}' in the prompt's workspace` });
  if (dataset.items.length > MAX_INLINE_RUN_ITEMS) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Dataset runs are capped at ${MAX_INLINE_RUN_ITEMS} items inline (this one has ${dataset.items.length}); use an A/B test`,
    });
  }
  return dataset.items;
}

/** Runs every item and summarises. Provider failures are recorded runs, counted as `errored`. */
export async function runDataset(deps: RunDeps, request: DatasetRunRequest): Promise<DatasetRunOutput> {
  const target = await resolveRunTarget(deps.prisma, request.promptId, request.versionId);
  const items = await loadItems(deps.prisma, request.datasetId, target.workspaceId);
  await enforceSpendLimit(deps.prisma, target.workspaceId);
  // Once per batch: the same keys and SDK clients (kept-alive connections) for every item.
  const credentials = await runCredentials(deps.prisma, deps.env, target.workspaceId);
  const providers = runProviders(credentials);
  const limiter = createProviderLimiter({}, request.concurrency);
  const modelKey = request.model ?? '';

  const results = await Promise.all(
    items.map((item) =>
      limiter.runForModel(modelKey, async () => {
        const run = await executeRun(deps, target, {
          input: (item.input ?? {}) as Record<string, unknown>,
          model: request.model,
          config: request.config,
          userId: request.userId,
          assertions: (item.assertions ?? []) as Assertion[],
          tools: readToolScripts(item.tools),
          datasetItemId: item.id,
          credentials,
          providers,
          signal: request.signal,
        });
        return { item, run };
      }),
    ),
  );

  const rows = results.map(({ item, run }) => ({
    itemId: item.id,
    index: item.index,
    runId: run.id,
    passed: run.status === 'success',
    ...(run.error !== undefined ? { error: run.error } : {}),
    ...(run.errorKind !== undefined ? { errorKind: run.errorKind } : {}),
    assertions: run.assertions ?? [],
  }));
  const failedAssertions = rows.filter((row) => row.errorKind === 'assertion').length;
  const passed = rows.filter((row) => row.passed).length;
  return {
    datasetId: request.datasetId,
    promptId: target.promptId,
    versionId: target.versionId,
    total: rows.length,
    passed,
    failedAssertions,
    errored: rows.length - passed - failedAssertions,
    costUsd: results.reduce((sum, { run }) => sum + run.costUsd, 0),
    judgeCostUsd: results.reduce((sum, { run }) => sum + run.judgeCostUsd, 0),
    items: rows,
  };
}
