/**
 * Datasets: `/trpc/datasets.*` and REST under `/api/datasets`: named lists of inputs (with
 * assertions) in a project, CSV/JSONL import, and running a prompt over them. Access: the
 * dataset's (or project's) workspace through the permissions table.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { locateBy, router, workspaceProcedure } from '../../trpc.ts';
import { projectWorkspaceId } from '../projects/index.ts';
import { DELETED, restMeta, withSuccess } from '../../http/restMeta.ts';
import { parseDatasetItems } from './datasetImport.ts';
import { runDataset } from './datasetRun.ts';
import {
  createDatasetInput,
  datasetIdInput,
  datasetOutput,
  datasetRunOutput,
  datasetSummaryOutput,
  importDatasetInput,
  importResultOutput,
  listDatasetsInput,
  runDatasetInput,
  updateDatasetInput,
} from './datasetSchemas.ts';
import { createDataset, datasetWorkspaceId, deleteDataset, getDataset, importItems, listDatasets, updateDataset } from './datasetService.ts';

const byProjectId = locateBy('projectId', (ctx, id) => projectWorkspaceId(ctx.prisma, id));
const byDatasetId = locateBy('id', (ctx, id) => datasetWorkspaceId(ctx.prisma, id));
const tag = 'datasets';

/** The datasets feature's router. */
export const datasetsRouter = router({
  list: workspaceProcedure('datasets:read', byProjectId)
    .meta(restMeta('GET', '/datasets', tag, "A project's datasets (`?projectId=`)", [404]))
    .input(listDatasetsInput)
    .output(z.array(datasetSummaryOutput))
    .query(({ ctx, input }) => listDatasets(ctx.prisma, input.projectId)),

  create: workspaceProcedure('datasets:write', byProjectId)
    .meta(withSuccess([201], restMeta('POST', '/datasets', tag, 'Create a dataset, optionally with items', [403, 404])))
    .input(createDatasetInput)
    .output(datasetSummaryOutput)
    .mutation(async ({ ctx, input }) => {
      const dataset = await createDataset(ctx.prisma, input);
      return dataset;
    }),

  get: workspaceProcedure('datasets:read', byDatasetId)
    .meta(restMeta('GET', '/datasets/{id}', tag, 'A dataset with its items', [404]))
    .input(datasetIdInput)
    .output(datasetOutput)
    .query(({ ctx, input }) => getDataset(ctx.prisma, input.id)),

  update: workspaceProcedure('datasets:write', byDatasetId)
    .meta(restMeta('PUT', '/datasets/{id}', tag, 'Rename a dataset; `items` replaces every item', [403, 404]))
    .input(updateDatasetInput)
    .output(datasetSummaryOutput)
    .mutation(({ ctx, input }) => updateDataset(ctx.prisma, input.id, input)),

  delete: workspaceProcedure('datasets:write', byDatasetId)
    .meta(restMeta('DELETE', '/datasets/{id}', tag, 'Delete a dataset (its past runs stay)', [403, 404]))
    .input(datasetIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteDataset(ctx.prisma, input.id);
      return { id: input.id, ...DELETED };
    }),

  import: workspaceProcedure('datasets:write', byDatasetId)
    .meta(
      restMeta(
        'POST',
        '/datasets/{id}/import',
        tag,
        'Import items from CSV (`assert:<type>` / `assertions` columns) or JSONL; a bad row is a 400 naming its line',
        [403, 404],
      ),
    )
    .input(importDatasetInput)
    .output(importResultOutput)
    .mutation(async ({ ctx, input }) => {
      const parsed = parseDatasetItems(input.format, input.content);
      if (!parsed.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: `Import failed: ${parsed.errors.join('; ')}` });
      const dataset = await importItems(ctx.prisma, input.id, parsed.items, input.mode);
      return { imported: parsed.items.length, dataset };
    }),

  run: workspaceProcedure('runs:create', byDatasetId)
    .meta(
      restMeta(
        'POST',
        '/datasets/{id}/run',
        tag,
        "Run a prompt version over every item (inline, bounded concurrency) and evaluate each item's assertions",
        [402, 403, 404],
        {
          402: "The workspace's monthly spend limit is reached",
          403: 'Viewers cannot run prompts',
        },
      ),
    )
    .input(runDatasetInput)
    .output(datasetRunOutput)
    .mutation(({ ctx, input, signal }) =>
      runDataset(ctx, {
        datasetId: input.id,
        promptId: input.promptId,
        versionId: input.versionId,
        model: input.model,
        config: input.config,
        concurrency: input.concurrency,
        userId: ctx.user.id,
        signal,
      }),
    ),
});
