/**
 * The only code that writes API keys: creation (the secret is returned once and only its hash
 * stored), listing (never the secret nor the hash), revocation (the row stays, as history, and
 * this process forgets the key at once; other processes within their cache's TTL).
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { apiKeyCacheFor } from './apiKeyCache.ts';
import type { ApiKeyOutput, CreatedApiKeyOutput } from './apiKeySchemas.ts';
import { knownScopes, type ApiKeyScope } from './apiKeyScopes.ts';
import { generateApiKeySecret } from './apiKeySecret.ts';

/** The columns a key is shown with; the hash is not among them. */
const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  projectId: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, email: true, name: true } },
} as const;

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  projectId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; email: string; name: string | null } | null;
}

function toApiKey(row: ApiKeyRow): ApiKeyOutput {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: knownScopes(row.scopes),
    projectId: row.projectId,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** What a new key is made from. */
export interface NewApiKey {
  name: string;
  projectId?: string | null | undefined;
  scopes: ApiKeyScope[];
}

/** Creates a key for `workspaceId` (its project must be a live one of that workspace: 404 otherwise). */
export async function createApiKey(prisma: PrismaClient, workspaceId: string, createdById: string, input: NewApiKey): Promise<CreatedApiKeyOutput> {
  const projectId = input.projectId ?? null;
  if (projectId) {
    const project = await prisma.project.findFirst({ where: { id: projectId, workspaceId, deletedAt: null }, select: { id: true } });
    if (!project) throw new TRPCError({ code: 'NOT_FOUND', message: `No project '${projectId}' in this workspace` });
  }
  const secret = generateApiKeySecret();
  const row = await prisma.apiKey.create({
    data: { workspaceId, projectId, name: input.name, scopes: input.scopes, prefix: secret.prefix, hash: secret.hash, createdById },
    select: apiKeySelect,
  });
  return { ...toApiKey(row), key: secret.key };
}

/** A workspace's keys, newest first, revoked ones included (marked). */
export async function listApiKeys(prisma: PrismaClient, workspaceId: string): Promise<ApiKeyOutput[]> {
  const rows = await prisma.apiKey.findMany({ where: { workspaceId }, select: apiKeySelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(toApiKey);
}

/** Revokes a key of `workspaceId`; revoking a revoked key changes nothing. 404 for a key of another workspace. */
export async function revokeApiKey(prisma: PrismaClient, workspaceId: string, keyId: string): Promise<ApiKeyOutput> {
  await prisma.apiKey.updateMany({ where: { id: keyId, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await prisma.apiKey.findFirst({ where: { id: keyId, workspaceId }, select: apiKeySelect });
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No API key '${keyId}'` });
  apiKeyCacheFor(prisma).forget(keyId);
  return toApiKey(row);
}
