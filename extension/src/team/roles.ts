/**
 * What the signed-in user's role in a workspace lets them do with labels, as the backend decides
 * it (server: `labels:move` for Members and Admins, a protected label moved directly by Admins
 * only, `labels:govern` for Admins). The extension hides what a role cannot do; the backend still
 * has the last word, and its refusal is shown as it says it.
 */
import type { BackendClient } from './api/client.ts';

/** A member's role in a workspace. */
export type WorkspaceRole = 'ADMIN' | 'MEMBER' | 'VIEWER';

/** The caller's role in `workspaceId`; undefined when they are not a member. */
export async function roleIn(client: BackendClient, workspaceId: string): Promise<WorkspaceRole | undefined> {
  const workspaces = await client.workspaces.list.query();
  return workspaces.find((w) => w.id === workspaceId)?.role;
}

/** Whether `role` may ask for label moves (and move unprotected labels). */
export function mayMoveLabels(role: WorkspaceRole | undefined): boolean {
  return role === 'ADMIN' || role === 'MEMBER';
}

/** Whether `role` moves `label` directly: an Admin always, a Member only an unprotected label. */
export function movesDirectly(role: WorkspaceRole | undefined, label: string, protectedLabels: readonly string[]): boolean {
  return role === 'ADMIN' || (role === 'MEMBER' && !protectedLabels.includes(label));
}

/** Whether `role` decides label requests and rolls protected labels back. */
export function governsLabels(role: WorkspaceRole | undefined): boolean {
  return role === 'ADMIN';
}
