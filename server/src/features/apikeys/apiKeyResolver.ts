/**
 * Turns a bearer token shaped like an API key into the key as a caller, or null when no unrevoked
 * key matches. The row is found by the key's prefix (indexed) and its stored hash compared in
 * constant time; answers are kept briefly (apiKeyCache.ts). Each use marks the key's `lastUsedAt`,
 * at most once a minute per key (one write per key and minute, not one per request).
 */
import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { apiKeyCacheFor } from './apiKeyCache.ts';
import type { ApiKeyPrincipal } from './apiKeyPrincipal.ts';
import { knownScopes } from './apiKeyScopes.ts';
import { apiKeyPrefix, hashApiKey, isWellFormedApiKey, sameApiKeyHash } from './apiKeySecret.ts';

/** How often `lastUsedAt` is written for one key. */
export const LAST_USED_INTERVAL_MS = 60_000;

/** Resolves `token` (a `psk_` bearer) to its key; null for a malformed, unknown or revoked one. */
export async function resolveApiKey(prisma: PrismaClient, token: string, onError: (error: unknown) => void = () => {}): Promise<ApiKeyPrincipal | null> {
  if (!isWellFormedApiKey(token)) return null;
  const hash = hashApiKey(token);
  const cache = apiKeyCacheFor(prisma);
  const key = cache.get(hash) ?? (await cache.lookup(hash, () => lookupApiKey(prisma, token, hash)));
  if (key) markUsed(prisma, key.id, onError);
  return key;
}

/** Reads the unrevoked keys with the token's prefix and keeps the one whose hash matches. */
async function lookupApiKey(prisma: PrismaClient, token: string, hash: string): Promise<ApiKeyPrincipal | null> {
  const rows = await prisma.apiKey.findMany({
    where: { prefix: apiKeyPrefix(token), revokedAt: null },
    select: { id: true, name: true, prefix: true, hash: true, workspaceId: true, projectId: true, scopes: true, project: { select: { deletedAt: true } } },
  });
  // Every candidate is compared, so the time taken does not depend on which one matched.
  let found: (typeof rows)[number] | undefined;
  for (const row of rows) if (sameApiKeyHash(hash, row.hash)) found = row;
  // A key limited to a deleted project acts on nothing.
  if (!found || found.project?.deletedAt) return null;
  return {
    id: found.id,
    name: found.name,
    prefix: found.prefix,
    workspaceId: found.workspaceId,
    projectId: found.projectId,
    scopes: knownScopes(found.scopes),
  };
}

/** When this process last wrote each key's `lastUsedAt`, per database. */
const lastMarks = new WeakMap<object, LRUCache<string, number>>();

/**
 * Writes `lastUsedAt` unless this process did within the interval; the write itself skips a key
 * another process marked within it, so several servers add no writes either. Not awaited: the
 * request never waits for it, and a failure only delays the mark.
 */
function markUsed(prisma: PrismaClient, keyId: string, onError: (error: unknown) => void): void {
  let marks = lastMarks.get(prisma);
  if (!marks) {
    marks = new LRUCache<string, number>({ max: 10_000 });
    lastMarks.set(prisma, marks);
  }
  const now = Date.now();
  const last = marks.get(keyId);
  if (last !== undefined && now - last < LAST_USED_INTERVAL_MS) return;
  marks.set(keyId, now);
  prisma.apiKey
    .updateMany({
      where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_INTERVAL_MS) } }] },
      data: { lastUsedAt: new Date(now) },
    })
    .catch((error: unknown) => {
      marks.delete(keyId);
      onError(error);
    });
}
