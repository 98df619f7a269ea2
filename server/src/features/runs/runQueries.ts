/** Reads of recorded runs. Callers have checked access to the prompt's workspace. */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { runSelect, toRunOutput } from './runRecord.ts';
import { pageOf, pageWindow } from '../../http/paging.ts';

/** A page of a prompt's runs, newest first (optionally of one version). */
export async function listRuns(prisma: PrismaClient, input: { id: string; versionId?: string | undefined; page: number; pageSize: number }) {
  const where = { promptId: input.id, ...(input.versionId ? { versionId: input.versionId } : {}) };
  const [total, rows] = await Promise.all([
    prisma.testRun.count({ where }),
    prisma.testRun.findMany({
      where,
      select: runSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toRunOutput), total, input);
}
