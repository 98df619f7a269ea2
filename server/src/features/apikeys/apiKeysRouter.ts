/**
 * API keys of a workspace (admins, signed in; a key cannot manage keys): `/trpc/apiKeys.*` and
 * REST under `/api/workspaces/{id}/api-keys`. The secret is in the creation's answer only.
 */
import { z } from 'zod';
import { restMeta, withSuccess } from '../../http/restMeta.ts';
import { locateBy, router, workspaceProcedure } from '../../trpc.ts';
import { apiKeyOutput, apiKeyRefInput, createApiKeyInput, createdApiKeyOutput, workspaceKeysInput } from './apiKeySchemas.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './apiKeyService.ts';

/** The `id` input names the workspace. */
const byId = locateBy('id', async (_ctx, id) => id);
const tag = 'api keys';
const ADMINS = { 403: 'Only signed-in admins manage API keys (an API key cannot)' };

/** The API keys router. */
export const apiKeysRouter = router({
  create: workspaceProcedure('apikeys:manage', byId)
    .meta(
      withSuccess(
        [201],
        restMeta('POST', '/workspaces/{id}/api-keys', tag, 'Create an API key for applications and CI; `key` is shown only in this answer', [403, 404], {
          ...ADMINS,
          404: 'No such workspace you belong to, or no such project in it',
        }),
      ),
    )
    .input(createApiKeyInput)
    .output(createdApiKeyOutput)
    .mutation(({ ctx, input }) => createApiKey(ctx.prisma, ctx.membership.workspaceId, ctx.user.id, input)),

  list: workspaceProcedure('apikeys:manage', byId)
    .meta(
      restMeta('GET', '/workspaces/{id}/api-keys', tag, "The workspace's API keys (prefix, scopes, created, last used; never the secret)", [403, 404], ADMINS),
    )
    .input(workspaceKeysInput)
    .output(z.array(apiKeyOutput))
    .query(({ ctx }) => listApiKeys(ctx.prisma, ctx.membership.workspaceId)),

  revoke: workspaceProcedure('apikeys:manage', byId)
    .meta(restMeta('DELETE', '/workspaces/{id}/api-keys/{keyId}', tag, 'Revoke an API key: refused everywhere within a second', [403, 404], ADMINS))
    .input(apiKeyRefInput)
    .output(apiKeyOutput.extend({ revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => ({ ...(await revokeApiKey(ctx.prisma, ctx.membership.workspaceId, input.keyId)), revoked: true as const })),
});
