/**
 * Who may do what in a workspace: one table of data, checked by `workspaceProcedure` in trpc.ts.
 * Add a scope here (and to the roles that hold it) rather than testing roles in procedures. Which
 * of these an API key can be granted is the table in features/apikeys/apiKeyScopes.ts.
 */
import type { Role } from '../../generated/prisma/enums.ts';

/** Every scope a procedure can require. */
export const PERMISSIONS = [
  'workspace:read',
  'workspace:settings',
  'members:read',
  'members:manage',
  'projects:read',
  'projects:write',
  'prompts:read',
  'prompts:write',
  'labels:move',
  'labels:govern',
  'runs:read',
  'runs:create',
  'datasets:read',
  'datasets:write',
  'abtests:read',
  'abtests:write',
  'analytics:read',
  'credentials:manage',
  'generations:write',
  'apikeys:manage',
  'webhooks:manage',
] as const;

/** One scope, e.g. 'prompts:write'. */
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['workspace:read', 'members:read', 'projects:read', 'prompts:read', 'runs:read', 'datasets:read', 'abtests:read', 'analytics:read'];
const WRITE: Permission[] = ['projects:write', 'prompts:write', 'labels:move', 'runs:create', 'datasets:write', 'abtests:write', 'generations:write'];
// 'labels:govern': move protected labels directly, decide label requests, choose which labels are protected.
const ADMIN_ONLY: Permission[] = ['workspace:settings', 'members:manage', 'credentials:manage', 'apikeys:manage', 'webhooks:manage', 'labels:govern'];

/** Admin: everything. Member: write prompts and run tests. Viewer: read only. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  ADMIN: new Set([...READ, ...WRITE, ...ADMIN_ONLY]),
  MEMBER: new Set([...READ, ...WRITE]),
  VIEWER: new Set(READ),
};

/** True when `role` holds `permission`. */
export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
