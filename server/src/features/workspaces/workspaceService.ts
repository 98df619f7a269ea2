/**
 * The only code that writes workspaces. Creating one makes its creator its admin; settings and
 * limits are written only here, after the router's permission check (`workspace:settings`).
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import type { TransactionClient } from '../../generated/prisma/internal/prismaNamespace.ts';
import type { WorkspaceOutput } from './workspaceSchemas.ts';

/** Columns a workspace response reads. */
export const workspaceSelect = {
  id: true,
  name: true,
  slug: true,
  personal: true,
  settings: true,
  maxMembers: true,
  maxPrompts: true,
  monthlySpendLimitUsd: true,
  createdAt: true,
  updatedAt: true,
} as const;

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string | null;
  personal: boolean;
  settings: unknown;
  maxMembers: number | null;
  maxPrompts: number | null;
  monthlySpendLimitUsd: { toString(): string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A workspace row plus the caller's role, as the API shows it. */
export function toWorkspace(row: WorkspaceRow, role: Role): WorkspaceOutput {
  const settings = typeof row.settings === 'object' && row.settings !== null && !Array.isArray(row.settings) ? (row.settings as Record<string, unknown>) : {};
  return {
    ...row,
    settings,
    monthlySpendLimitUsd: row.monthlySpendLimitUsd === null ? null : Number(row.monthlySpendLimitUsd.toString()),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    role,
  };
}

function slugTaken(error: unknown, slug: string | null | undefined): TRPCError | null {
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002') {
    return new TRPCError({ code: 'CONFLICT', message: `The slug '${slug ?? ''}' is taken; choose another` });
  }
  return null;
}

/**
 * Creates a workspace with `userId` as its admin, inside `tx`. Exported so sign-up can create a
 * user's personal workspace in the same transaction as the user.
 */
export async function createWorkspaceWithAdmin(
  tx: TransactionClient,
  userId: string,
  input: { name: string; slug?: string | undefined; personal?: boolean },
): Promise<WorkspaceOutput> {
  const row = await tx.workspace.create({
    data: { name: input.name, slug: input.slug ?? null, personal: input.personal ?? false, memberships: { create: { userId, role: 'ADMIN' } } },
    select: workspaceSelect,
  });
  return toWorkspace(row, 'ADMIN');
}

/** Creates a team workspace whose admin is the caller; a taken slug is a 409. */
export async function createWorkspace(prisma: PrismaClient, userId: string, input: { name: string; slug?: string | undefined }): Promise<WorkspaceOutput> {
  try {
    return await prisma.$transaction((tx) => createWorkspaceWithAdmin(tx, userId, input));
  } catch (error) {
    throw slugTaken(error, input.slug) ?? error;
  }
}

/** The fields an admin may change. Undefined keeps a value; null clears a limit. */
export interface WorkspaceUpdate {
  name?: string | undefined;
  slug?: string | null | undefined;
  settings?: Record<string, unknown> | undefined;
  maxMembers?: number | null | undefined;
  maxPrompts?: number | null | undefined;
  monthlySpendLimitUsd?: number | null | undefined;
}

/** Updates a workspace's name, slug, settings and limits (admins only: checked by the router). */
export async function updateWorkspace(prisma: PrismaClient, id: string, role: Role, input: WorkspaceUpdate): Promise<WorkspaceOutput> {
  const data: Record<string, unknown> = {};
  for (const key of ['name', 'slug', 'maxMembers', 'maxPrompts', 'monthlySpendLimitUsd'] as const) {
    if (input[key] !== undefined) data[key] = input[key];
  }
  // Settings are stored as plain JSON; round-tripping drops anything JSON cannot hold.
  if (input.settings !== undefined) data.settings = JSON.parse(JSON.stringify(input.settings)) as object;
  try {
    const row = await prisma.workspace.update({ where: { id }, data, select: workspaceSelect });
    return toWorkspace(row, role);
  } catch (error) {
    throw slugTaken(error, input.slug) ?? error;
  }
}
