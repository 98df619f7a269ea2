/**
 * Protected labels: which labels of a project only Admins move directly (`production` by default),
 * and the one check every label move made on a caller's behalf goes through. Members and API keys
 * ask for a move of a protected label with a label request instead.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Actor } from '../../trpc.ts';
import { roleCan } from '../auth/index.ts';

type Db = PrismaClient | Prisma.TransactionClient;

/** The protected labels of a live project, sorted; NOT_FOUND when the project is missing or deleted. */
export async function getProtectedLabels(db: Db, projectId: string): Promise<string[]> {
  const row = await db.project.findFirst({ where: { id: projectId, deletedAt: null }, select: { protectedLabels: true } });
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No project '${projectId}'` });
  return [...row.protectedLabels].sort();
}

/** Replaces the protected labels of a live project (duplicates dropped) and returns them sorted. */
export async function setProtectedLabels(db: Db, projectId: string, labels: string[]): Promise<string[]> {
  const unique = [...new Set(labels)].sort();
  const result = await db.project.updateMany({ where: { id: projectId, deletedAt: null }, data: { protectedLabels: unique } });
  if (result.count === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `No project '${projectId}'` });
  return unique;
}

/** True when label `name` of the live prompt is protected in its project. */
export async function isLabelProtected(db: Db, promptId: string, name: string): Promise<boolean> {
  const prompt = await db.prompt.findFirst({ where: { id: promptId, deletedAt: null }, select: { project: { select: { protectedLabels: true } } } });
  return prompt?.project.protectedLabels.includes(name) ?? false;
}

/** True when `actor` may move a protected label directly: an Admin (by the permissions table) or the system. */
export function mayMoveProtected(actor: Actor | { kind: 'system' }): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'user' && roleCan(actor.role, 'labels:govern');
}

/** How a refusal names what was refused and how to ask instead (a move by default). */
export interface ProtectedRefusal {
  /** What only an Admin does, e.g. `moves it directly`. */
  action: string;
  /** The way to ask instead. */
  ask: string;
}

/**
 * The access rule for moving or removing label `label` of prompt `promptId` directly, whatever the
 * target (one version or a split), and for what moves it as a side effect (stopping or promoting
 * its experiment): anyone the route admits moves an unprotected label; a protected one only an
 * Admin. Everyone else gets a 403 that says how to ask (`refusal`, or a label request by default).
 */
export async function assertMayMoveLabel(
  db: Db,
  input: { promptId: string; label: string; actor: Actor | { kind: 'system' } },
  refusal?: ProtectedRefusal,
): Promise<void> {
  const actor = input.actor;
  if (actor.kind === 'system' || mayMoveProtected(actor)) return;
  if (!(await isLabelProtected(db, input.promptId, input.label))) return;
  const who = actor.kind === 'apiKey' ? 'an API key' : `your role (${actor.role.toLowerCase()})`;
  const { action, ask } = refusal ?? {
    action: 'moves it directly',
    ask: `Ask for the move with POST /api/prompts/${input.promptId}/label-requests { label, version or split, reason }.`,
  };
  throw new TRPCError({ code: 'FORBIDDEN', message: `Label '${input.label}' is protected: only an Admin ${action}, and ${who} cannot. ${ask}` });
}
