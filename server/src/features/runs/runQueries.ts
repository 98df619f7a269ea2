/** Reads of recorded runs. Callers have checked access to the prompt's workspace. */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { runSelect, toRunOutput } from './runRecord.ts';

/** A page of a prompt's runs, newest first (optionally of one version). */
export async function listRuns(prisma: PrismaClient, input: { id: string; versionId?: string | undefined; page: number; pageSize: number }) {
  const where = { promptId: input.id, ...(input.versionId ? { versionId: input.versionId } : {}) };
  const [total, rows] = await Promise.all([
    prisma.testRun.count({ where }),
    prisma.testRun.findMany({
      where,
      select: runSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  return { items: rows.map(toRunOutput), total, page: input.page, pageSize: input.pageSize };
}
