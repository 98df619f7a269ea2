/**
 * What an API key may do: its scopes, and the one table mapping each workspace permission a key
 * can be granted to the scope that grants it. A permission missing from the table (workspace
 * administration, members, invitations, key management, provider credentials, runs that spend
 * money...) is never granted to a key.
 */
import type { Permission } from '../auth/index.ts';

/** Every scope a key can hold. */
export const API_KEY_SCOPES = ['prompts:read', 'prompts:write', 'generations:write'] as const;

/** One scope, e.g. `prompts:read`. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The scope that lets a key act with each permission: reading prompts, versions and labels;
 * writing versions and moving labels (a CI push); logging generations and scores.
 */
export const SCOPE_FOR_PERMISSION = {
  'prompts:read': 'prompts:read',
  'prompts:write': 'prompts:write',
  'labels:move': 'prompts:write',
  'generations:write': 'generations:write',
} as const satisfies Partial<Record<Permission, ApiKeyScope>>;

/** A permission some scope grants: the only ones a procedure open to keys can require. */
export type KeyPermission = keyof typeof SCOPE_FOR_PERMISSION;

/** The scope a key needs for `permission`. */
export function scopeFor(permission: KeyPermission): ApiKeyScope {
  return SCOPE_FOR_PERMISSION[permission];
}

/** Keeps the known scopes of a stored list (a scope dropped from the code grants nothing). */
export function knownScopes(scopes: readonly string[]): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((scope) => scopes.includes(scope));
}
