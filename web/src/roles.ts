/** What each role may do, as the server's permission table says; the UI hides what a role cannot do. */
export type Role = 'ADMIN' | 'MEMBER' | 'VIEWER';

export function roleName(role: Role): string {
  return role === 'ADMIN' ? 'Admin' : role === 'MEMBER' ? 'Member' : 'Viewer';
}

/** Admins and Members write prompts and projects; Viewers only read. */
export function canWrite(role: Role | undefined): boolean {
  return role === 'ADMIN' || role === 'MEMBER';
}
