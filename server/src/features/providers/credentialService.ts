/**
 * The only code that reads or writes ProviderCredential rows: store (encrypted), list (masked),
 * delete, and resolve what a run uses: the workspace's key and base URL when set, else the
 * server's environment (`env.providers`: OPENAI_API_KEY/OPENAI_BASE_URL and the like).
 */
import { TRPCError } from '@trpc/server';
import { createProviderRegistry, type ProviderCredentialsMap, type ProviderRegistry } from '@promptstack/core/providers/createProvider';
import { isRunnableProviderId, type RunnableProviderInfo } from '@promptstack/core/providers/runnableProviders';
import { unconfiguredProviders } from '@promptstack/core/providers/unconfiguredProviders';
import type { Env } from '../../env.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { maskApiKey, openApiKey, sealApiKey } from './credentialCrypto.ts';
import type { CredentialOutput, ProviderId } from './providerSchemas.ts';

const credentialSelect = { provider: true, baseUrl: true, encryptedKey: true, iv: true, tag: true, updatedAt: true } as const;

type CredentialRow = { provider: string; baseUrl: string | null; encryptedKey: string; iv: string; tag: string; updatedAt: Date };

function toOutput(secret: string, workspaceId: string, row: CredentialRow): CredentialOutput {
  const key = openApiKey(secret, { workspaceId, provider: row.provider }, row);
  return { provider: row.provider as ProviderId, baseUrl: row.baseUrl, maskedKey: key ? maskApiKey(key) : '…', updatedAt: row.updatedAt.toISOString() };
}

/** Stores (or replaces) a workspace's key for one provider. */
export async function putCredential(
  prisma: PrismaClient,
  secret: string,
  workspaceId: string,
  input: { provider: ProviderId; apiKey: string; baseUrl?: string | null | undefined },
): Promise<CredentialOutput> {
  const sealed = sealApiKey(secret, { workspaceId, provider: input.provider }, input.apiKey);
  const data = { ...sealed, baseUrl: input.baseUrl ?? null };
  const row = await prisma.providerCredential.upsert({
    where: { workspaceId_provider: { workspaceId, provider: input.provider } },
    create: { workspaceId, provider: input.provider, ...data },
    update: data,
    select: credentialSelect,
  });
  return toOutput(secret, workspaceId, row);
}

/** A workspace's stored credentials, masked, by provider name. */
export async function listCredentials(prisma: PrismaClient, secret: string, workspaceId: string): Promise<CredentialOutput[]> {
  const rows = await prisma.providerCredential.findMany({ where: { workspaceId }, select: credentialSelect, orderBy: { provider: 'asc' } });
  return rows.map((row) => toOutput(secret, workspaceId, row));
}

/** Removes a workspace's key for one provider; runs fall back to the server's environment. */
export async function deleteCredential(prisma: PrismaClient, workspaceId: string, provider: ProviderId): Promise<void> {
  const result = await prisma.providerCredential.deleteMany({ where: { workspaceId, provider } });
  if (result.count === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `No ${provider} credential in this workspace` });
}

/**
 * What a run in `workspaceId` calls each provider with. A stored key whose ciphertext no longer
 * opens (the server secret changed) is skipped, so the run fails with the provider's 401 rather
 * than with a server error.
 */
export async function runCredentials(prisma: PrismaClient, env: Env, workspaceId: string): Promise<ProviderCredentialsMap> {
  const credentials: ProviderCredentialsMap = { ...env.providers };
  const rows = await prisma.providerCredential.findMany({ where: { workspaceId }, select: credentialSelect });
  for (const row of rows) {
    if (!isRunnableProviderId(row.provider)) continue;
    const apiKey = openApiKey(env.credentialsSecret, { workspaceId, provider: row.provider }, row);
    // A workspace key goes with the workspace's base URL (or the provider's default), never
    // with the server's base URL: the key was issued for the server the admin named.
    credentials[row.provider] = { apiKey: apiKey ?? 'unreadable-stored-key', baseURL: row.baseUrl ?? undefined };
  }
  return credentials;
}

/** What a run says when neither the workspace nor the server has a key for its provider. */
export function noProviderKeyMessage(provider: RunnableProviderInfo): string {
  return `This workspace has no ${provider.label} key: an Admin adds one under Provider keys in the workspace (or the server sets ${provider.envKeyVars[0]})`;
}

/**
 * The providers a run with `credentials` calls (SDK clients made on first use): a provider with
 * neither a key nor a base URL fails the run at once with noProviderKeyMessage, sending nothing.
 */
export function runProviders(credentials: ProviderCredentialsMap): Required<ProviderRegistry> {
  return createProviderRegistry(credentials, unconfiguredProviders(credentials, noProviderKeyMessage).providers);
}
