/**
 * The only code that writes datasets and their items. Item writes lock the dataset row first
 * (`SELECT ... FOR UPDATE`), so concurrent imports append one after the other and item indexes
 * stay unique and gapless.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { TransactionClient } from '../../generated/prisma/internal/prismaNamespace.ts';
import { MAX_DATASET_ITEMS, type DatasetItemInput, type DatasetOutput, type DatasetSummaryOutput } from './datasetSchemas.ts';

const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;
const summarySelect = {
  id: true,
  projectId: true,
  name: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { items: true } },
} as const;
const itemSelect = { id: true, index: true, input: true, expected: true, assertions: true, tools: true } as const;

type SummaryRow = { id: string; projectId: string; name: string; description: string | null; createdAt: Date; updatedAt: Date; _count: { items: number } };

function toSummary(row: SummaryRow): DatasetSummaryOutput {
  const { _count, ...rest } = row;
  return { ...rest, itemCount: _count.items, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function noDataset(id: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${id}'` });
}

/** A live dataset's workspace id (through its live project), or null (for access checks). */
export async function datasetWorkspaceId(prisma: PrismaClient, datasetId: string): Promise<string | null> {
  const row = await prisma.dataset.findFirst({
    where: { id: datasetId, deletedAt: null, project: { deletedAt: null } },
    select: { project: { select: { workspaceId: true } } },
  });
  return row?.project.workspaceId ?? null;
}

/** A project's live datasets, newest first. */
export async function listDatasets(prisma: PrismaClient, projectId: string): Promise<DatasetSummaryOutput[]> {
  const rows = await prisma.dataset.findMany({ where: { projectId, deletedAt: null }, select: summarySelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(toSummary);
}

/** A live dataset's summary. */
export async function getDatasetSummary(prisma: PrismaClient | TransactionClient, id: string): Promise<DatasetSummaryOutput> {
  const row = await prisma.dataset.findFirst({ where: { id, deletedAt: null }, select: summarySelect });
  if (!row) throw noDataset(id);
  return toSummary(row);
}

/** A live dataset with its items in order. */
export async function getDataset(prisma: PrismaClient, id: string): Promise<DatasetOutput> {
  const summary = await getDatasetSummary(prisma, id);
  const items = await prisma.datasetItem.findMany({ where: { datasetId: id }, select: itemSelect, orderBy: { index: 'asc' } });
  return {
    ...summary,
    items: items.map((item) => ({
      id: item.id,
      index: item.index,
      input: (item.input ?? {}) as Record<string, unknown>,
      ...(item.expected !== null ? { expected: item.expected } : {}),
      assertions: (item.assertions ?? []) as DatasetOutput['items'][number]['assertions'],
      ...(item.tools !== null ? { tools: item.tools as Record<string, unknown> } : {}),
    })),
  };
}

/** Plain JSON for a Json column (drops undefined, Dates become strings). */
function json(value: unknown): object {
  return JSON.parse(JSON.stringify(value ?? null)) as object;
}

/** Locks the dataset row and returns its next free index; NOT_FOUND when it is gone. */
async function lockForItems(tx: TransactionClient, datasetId: string): Promise<number> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Dataset" WHERE id = ${datasetId} AND "deletedAt" IS NULL FOR UPDATE`;
  if (locked.length === 0) throw noDataset(datasetId);
  const last = await tx.datasetItem.aggregate({ where: { datasetId }, _max: { index: true } });
  return (last._max.index ?? -1) + 1;
}

async function writeItems(tx: TransactionClient, datasetId: string, items: DatasetItemInput[], mode: 'append' | 'replace'): Promise<void> {
  let next = await lockForItems(tx, datasetId);
  if (mode === 'replace') {
    await tx.datasetItem.deleteMany({ where: { datasetId } });
    next = 0;
  }
  if (next + items.length > MAX_DATASET_ITEMS) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `A dataset holds at most ${MAX_DATASET_ITEMS} items (it has ${next}, the write adds ${items.length})`,
    });
  }
  if (items.length === 0) return;
  await tx.datasetItem.createMany({
    data: items.map((item, i) => ({
      datasetId,
      index: next + i,
      input: json(item.input),
      ...(item.expected !== undefined ? { expected: json(item.expected) } : {}),
      ...(item.assertions?.length ? { assertions: json(item.assertions) } : {}),
      ...(item.tools && Object.keys(item.tools).length ? { tools: json(item.tools) } : {}),
    })),
  });
  await tx.dataset.update({ where: { id: datasetId }, data: { updatedAt: new Date() }, select: { id: true } });
}

/** Creates a dataset (with items) in a live project. */
export async function createDataset(
  prisma: PrismaClient,
  input: { projectId: string; name: string; description?: string | null | undefined; items?: DatasetItemInput[] | undefined },
): Promise<DatasetSummaryOutput> {
  return prisma.$transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: { id: input.projectId, deletedAt: null }, select: { id: true } });
    if (!project) throw new TRPCError({ code: 'NOT_FOUND', message: `No project '${input.projectId}'` });
    const dataset = await tx.dataset.create({
      data: { projectId: input.projectId, name: input.name, description: input.description ?? null },
      select: { id: true },
    });
    if (input.items?.length) await writeItems(tx, dataset.id, input.items, 'append');
    return getDatasetSummary(tx, dataset.id);
  }, TRANSACTION_OPTIONS);
}

/** Renames / redescribes a dataset; `items` replaces every item. */
export async function updateDataset(
  prisma: PrismaClient,
  id: string,
  changes: { name?: string | undefined; description?: string | null | undefined; items?: DatasetItemInput[] | undefined },
): Promise<DatasetSummaryOutput> {
  return prisma.$transaction(async (tx) => {
    const data: { name?: string; description?: string | null } = {};
    if (changes.name !== undefined) data.name = changes.name;
    if (changes.description !== undefined) data.description = changes.description;
    const updated = await tx.dataset.updateMany({ where: { id, deletedAt: null }, data: { ...data, updatedAt: new Date() } });
    if (updated.count === 0) throw noDataset(id);
    if (changes.items) await writeItems(tx, id, changes.items, 'replace');
    return getDatasetSummary(tx, id);
  }, TRANSACTION_OPTIONS);
}

/** Adds (or, with `replace`, swaps in) imported items. */
export async function importItems(prisma: PrismaClient, id: string, items: DatasetItemInput[], mode: 'append' | 'replace'): Promise<DatasetSummaryOutput> {
  return prisma.$transaction(async (tx) => {
    await writeItems(tx, id, items, mode);
    return getDatasetSummary(tx, id);
  }, TRANSACTION_OPTIONS);
}

/** Soft-deletes a dataset: gone from the API; its items and the runs that used them stay. */
export async function deleteDataset(prisma: PrismaClient, id: string): Promise<void> {
  const result = await prisma.dataset.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
  if (result.count === 0) throw noDataset(id);
}
