/** What each role may do, as the server's permission table says; the UI hides what a role cannot do. */
export type Role = 'ADMIN' | 'MEMBER' | 'VIEWER';

/** Every role, most powerful first (the order of role pickers). */
export const ROLES: readonly Role[] = ['ADMIN', 'MEMBER', 'VIEWER'];

/** The role's name as people read it. */
export function roleName(role: Role): string {
  return role === 'ADMIN' ? 'Admin' : role === 'MEMBER' ? 'Member' : 'Viewer';
}

/** Admins and Members write prompts and projects; Viewers only read. */
export function canWrite(role: Role | undefined): boolean {
  return role === 'ADMIN' || role === 'MEMBER';
}

/** Only Admins manage members, invitations, settings, limits and API keys. */
export function isAdmin(role: Role | undefined): boolean {
  return role === 'ADMIN';
}

/**
 * Whether the role moves a label directly (split, promote, roll back): Admins always, Members only
 * unprotected labels (a protected one they ask for with a label request); Viewers never.
 */
export function mayMoveLabel(role: Role | undefined, isProtected: boolean): boolean {
  return isAdmin(role) || (canWrite(role) && !isProtected);
}
