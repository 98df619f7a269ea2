/**
 * Projects: reads and the only code that writes them. Delete is soft: the project and its
 * prompts disappear from the API, their versions and runs stay for history and analytics.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ProjectOutput } from './projectSchemas.ts';

/** Columns a project response reads. */
const projectSelect = { id: true, workspaceId: true, name: true, description: true, createdAt: true, updatedAt: true } as const;

function toProject(row: { id: string; workspaceId: string; name: string; description: string | null; createdAt: Date; updatedAt: Date }): ProjectOutput {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function noProject(id: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `No project '${id}'` });
}

/** A live project's workspace id, or null when missing or deleted (for access checks). */
export async function projectWorkspaceId(prisma: PrismaClient, projectId: string): Promise<string | null> {
  const row = await prisma.project.findFirst({ where: { id: projectId, deletedAt: null }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

/** A workspace's live projects, oldest first. */
export async function listProjects(prisma: PrismaClient, workspaceId: string): Promise<ProjectOutput[]> {
  const rows = await prisma.project.findMany({
    where: { workspaceId, deletedAt: null },
    select: projectSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toProject);
}

/** One live project. */
export async function getProject(prisma: PrismaClient, id: string): Promise<ProjectOutput> {
  const row = await prisma.project.findFirst({ where: { id, deletedAt: null }, select: projectSelect });
  if (!row) throw noProject(id);
  return toProject(row);
}

/** Creates a project in a workspace. */
export async function createProject(
  prisma: PrismaClient,
  input: { workspaceId: string; name: string; description?: string | null | undefined },
): Promise<ProjectOutput> {
  const row = await prisma.project.create({
    data: { workspaceId: input.workspaceId, name: input.name, description: input.description ?? null },
    select: projectSelect,
  });
  return toProject(row);
}

/** Renames or re-describes a live project. */
export async function updateProject(
  prisma: PrismaClient,
  id: string,
  input: { name?: string | undefined; description?: string | null | undefined },
): Promise<ProjectOutput> {
  const data: { name?: string; description?: string | null } = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description;
  const result = await prisma.project.updateMany({ where: { id, deletedAt: null }, data });
  if (result.count === 0) throw noProject(id);
  return getProject(prisma, id);
}

/** Soft-deletes a live project and its live prompts in one transaction. */
export async function deleteProject(prisma: PrismaClient, id: string): Promise<void> {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    const result = await tx.project.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: now } });
    if (result.count === 0) throw noProject(id);
    await tx.prompt.updateMany({ where: { projectId: id, deletedAt: null }, data: { deletedAt: now } });
  });
}
