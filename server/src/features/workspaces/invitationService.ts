/**
 * Invitations, the only way into a workspace one did not create: an admin invites an email, and
 * the invitee, signed in with that email, accepts (which makes the membership) or declines. The
 * answer to an invite never depends on whether the email has an account, so it reveals nothing.
 * Changes that touch membership lock the workspace row first, as memberService does.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import type { TransactionClient } from '../../generated/prisma/internal/prismaNamespace.ts';
import { normaliseEmail } from '../auth/index.ts';
import type { InvitationOutput } from './invitationSchemas.ts';
import { lockWorkspace, requireRoomForMember, TRANSACTION_OPTIONS } from './memberService.ts';

/** How long an invitation can be accepted. */
export const INVITATION_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Columns an invitation response reads. */
const invitationSelect = {
  id: true,
  workspaceId: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  declinedAt: true,
  createdAt: true,
  workspace: { select: { name: true } },
  invitedBy: { select: { name: true, email: true } },
} as const;

type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

/** Unanswered: neither accepted nor declined (it may have expired). */
const unanswered = { acceptedAt: null, declinedAt: null } as const;

/**
 * The link an admin sends: the web app's invitation page on this server's public URL, where the
 * invitee signs in (or up) and accepts or declines (`POST /api/invitations/{id}/accept` is the API behind it).
 */
export function acceptUrlFor(publicUrl: string, invitationId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/invitations/${encodeURIComponent(invitationId)}`;
}

function toInvitation(row: InvitationRow, publicUrl: string, now = new Date()): InvitationOutput {
  const status = row.acceptedAt ? 'ACCEPTED' : row.declinedAt ? 'DECLINED' : row.expiresAt <= now ? 'EXPIRED' : 'PENDING';
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    email: row.email,
    role: row.role,
    status,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    acceptUrl: acceptUrlFor(publicUrl, row.id),
  };
}

/**
 * Invites `email` with `role`, or renews the unanswered invitation it already has here (new role
 * and expiry). 409 if the email is already a member, 403 if the workspace is full.
 */
export async function inviteMember(
  prisma: PrismaClient,
  publicUrl: string,
  workspaceId: string,
  invitedById: string,
  input: { email: string; role: Role },
): Promise<InvitationOutput> {
  const email = normaliseEmail(input.email);
  return prisma.$transaction(async (tx) => {
    const { maxMembers } = await lockWorkspace(tx, workspaceId);
    // Only members of this workspace (whom the admin can list anyway) are told apart.
    const member = await tx.membership.findFirst({ where: { workspaceId, user: { email } }, select: { role: true } });
    if (member) throw new TRPCError({ code: 'CONFLICT', message: `'${email}' is already a member (${member.role})` });
    await requireRoomForMember(tx, workspaceId, maxMembers);
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS);
    const open = await tx.invitation.findFirst({ where: { workspaceId, email, ...unanswered }, select: { id: true } });
    const row = open
      ? await tx.invitation.update({ where: { id: open.id }, data: { role: input.role, expiresAt, invitedById }, select: invitationSelect })
      : await tx.invitation.create({ data: { workspaceId, email, role: input.role, expiresAt, invitedById }, select: invitationSelect });
    return toInvitation(row, publicUrl);
  }, TRANSACTION_OPTIONS);
}

/** A workspace's unanswered invitations (expired ones too, marked EXPIRED), newest first. */
export async function listWorkspaceInvitations(prisma: PrismaClient, publicUrl: string, workspaceId: string): Promise<InvitationOutput[]> {
  const rows = await prisma.invitation.findMany({
    where: { workspaceId, ...unanswered },
    select: invitationSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  const now = new Date();
  return rows.map((row) => toInvitation(row, publicUrl, now));
}

/** Withdraws an unanswered invitation (deletes it); 404 if the workspace has no such invitation. */
export async function revokeInvitation(prisma: PrismaClient, workspaceId: string, invitationId: string): Promise<void> {
  const { count } = await prisma.invitation.deleteMany({ where: { id: invitationId, workspaceId, ...unanswered } });
  if (count === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `No unanswered invitation '${invitationId}' in this workspace` });
}

/** The invitations waiting for `email` to answer, newest first. */
export async function listInvitationsFor(prisma: PrismaClient, publicUrl: string, email: string): Promise<InvitationOutput[]> {
  const now = new Date();
  const rows = await prisma.invitation.findMany({
    where: { email: normaliseEmail(email), ...unanswered, expiresAt: { gt: now } },
    select: invitationSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map((row) => toInvitation(row, publicUrl, now));
}

/** The signed-in invitee. */
export interface Invitee {
  id: string;
  email: string;
}

/**
 * Reads an invitation addressed to `invitee` that can still be answered. Someone else's invitation
 * is 404 (its existence is not revealed); an answered or expired one is 409 with what happened.
 */
async function answerable(tx: TransactionClient | PrismaClient, invitee: Invitee, invitationId: string): Promise<InvitationRow> {
  const row = await tx.invitation.findUnique({ where: { id: invitationId }, select: invitationSelect });
  if (!row || row.email !== normaliseEmail(invitee.email)) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `No invitation '${invitationId}' for ${normaliseEmail(invitee.email)}` });
  }
  if (row.acceptedAt) throw new TRPCError({ code: 'CONFLICT', message: 'This invitation was already accepted' });
  if (row.declinedAt) throw new TRPCError({ code: 'CONFLICT', message: 'This invitation was declined; ask an admin of the workspace for a new one' });
  if (row.expiresAt <= new Date()) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: `This invitation expired on ${row.expiresAt.toISOString()}; ask an admin of '${row.workspace.name}' to invite you again`,
    });
  }
  return row;
}

/** Accepts: the invitee becomes a member with the invited role (403 if the workspace filled up meanwhile). */
export async function acceptInvitation(prisma: PrismaClient, publicUrl: string, invitee: Invitee, invitationId: string): Promise<InvitationOutput> {
  const { workspaceId } = await answerable(prisma, invitee, invitationId);
  return prisma.$transaction(async (tx) => {
    const { maxMembers } = await lockWorkspace(tx, workspaceId);
    // Read again under the lock: a revoke, a second accept or a role change may have come first.
    const row = await answerable(tx, invitee, invitationId);
    const existing = await tx.membership.findUnique({ where: { userId_workspaceId: { userId: invitee.id, workspaceId } }, select: { role: true } });
    if (existing) throw new TRPCError({ code: 'CONFLICT', message: `You are already a member of '${row.workspace.name}' (${existing.role})` });
    await requireRoomForMember(tx, workspaceId, maxMembers);
    await tx.membership.create({ data: { workspaceId, userId: invitee.id, role: row.role }, select: { id: true } });
    const accepted = await tx.invitation.update({ where: { id: invitationId }, data: { acceptedAt: new Date() }, select: invitationSelect });
    return toInvitation(accepted, publicUrl);
  }, TRANSACTION_OPTIONS);
}

/** Declines: the invitation stays as history and can no longer be accepted. */
export async function declineInvitation(prisma: PrismaClient, publicUrl: string, invitee: Invitee, invitationId: string): Promise<InvitationOutput> {
  await answerable(prisma, invitee, invitationId);
  const { count } = await prisma.invitation.updateMany({ where: { id: invitationId, ...unanswered }, data: { declinedAt: new Date() } });
  // Answered between the read and the write: report what happened first.
  if (count === 0) await answerable(prisma, invitee, invitationId);
  const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: invitationSelect });
  return toInvitation(row, publicUrl);
}
