/**
 * The only code that changes or removes memberships (invitationService creates them when an
 * invitee accepts). Every change first locks the workspace row
 * (`SELECT ... FOR UPDATE`), so concurrent changes run one at a time: the member limit holds
 * exactly and a workspace never loses its last admin, however requests interleave.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import type { TransactionClient } from '../../generated/prisma/internal/prismaNamespace.ts';
import type { MemberOutput } from './workspaceSchemas.ts';

/** Columns a member response reads. */
const memberSelect = {
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const;

type MemberRow = { role: Role; createdAt: Date; user: { id: string; email: string; name: string | null } };

function toMember(row: MemberRow): MemberOutput {
  return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, createdAt: row.createdAt.toISOString() };
}

/** Options of every membership transaction: waiting for the workspace lock can take a while under contention. */
export const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** Locks the workspace row for the rest of the transaction and returns its member limit. */
export async function lockWorkspace(tx: TransactionClient, workspaceId: string): Promise<{ maxMembers: number | null }> {
  const rows = await tx.$queryRaw<Array<{ maxMembers: number | null }>>`
    SELECT "maxMembers" FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No workspace '${workspaceId}'` });
  return row;
}

/** Throws FORBIDDEN when the workspace already holds its `maxMembers` (call with the workspace locked). */
export async function requireRoomForMember(tx: TransactionClient, workspaceId: string, maxMembers: number | null): Promise<void> {
  if (maxMembers === null) return;
  const count = await tx.membership.count({ where: { workspaceId } });
  if (count >= maxMembers) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `This workspace has reached its limit of ${maxMembers} members; remove one or raise maxMembers` });
  }
}

/** A workspace's members, oldest first. */
export async function listMembers(prisma: PrismaClient, workspaceId: string): Promise<MemberOutput[]> {
  const rows = await prisma.membership.findMany({ where: { workspaceId }, select: memberSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toMember);
}

/** Throws CONFLICT when the change would leave the workspace with no admin. */
async function keepAnAdmin(tx: TransactionClient, workspaceId: string, currentRole: Role, nextRole: Role | null): Promise<void> {
  if (currentRole !== 'ADMIN' || nextRole === 'ADMIN') return;
  const admins = await tx.membership.count({ where: { workspaceId, role: 'ADMIN' } });
  if (admins <= 1) {
    throw new TRPCError({ code: 'CONFLICT', message: 'A workspace needs at least one admin: make another member admin first' });
  }
}

async function findMembership(tx: TransactionClient, workspaceId: string, userId: string): Promise<{ id: string; role: Role }> {
  const membership = await tx.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } }, select: { id: true, role: true } });
  if (!membership) throw new TRPCError({ code: 'NOT_FOUND', message: `User '${userId}' is not a member of this workspace` });
  return membership;
}

/** Changes a member's role; demoting the last admin is a 409. */
export async function updateMemberRole(prisma: PrismaClient, workspaceId: string, userId: string, role: Role): Promise<MemberOutput> {
  return prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const membership = await findMembership(tx, workspaceId, userId);
    await keepAnAdmin(tx, workspaceId, membership.role, role);
    const row = await tx.membership.update({ where: { id: membership.id }, data: { role }, select: memberSelect });
    return toMember(row);
  }, TRANSACTION_OPTIONS);
}

/** Removes a member; removing the last admin is a 409. */
export async function removeMember(prisma: PrismaClient, workspaceId: string, userId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const membership = await findMembership(tx, workspaceId, userId);
    await keepAnAdmin(tx, workspaceId, membership.role, null);
    await tx.membership.delete({ where: { id: membership.id } });
  }, TRANSACTION_OPTIONS);
}
