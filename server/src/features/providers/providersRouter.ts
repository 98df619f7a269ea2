/**
 * Provider credentials per workspace (admins): `/trpc/providers.*` and REST under
 * `/api/workspaces/{id}/providers`. Keys go in, only masks come out.
 */
import { z } from 'zod';
import { locateBy, router, workspaceProcedure } from '../../trpc.ts';
import { restMeta } from '../../http/restMeta.ts';
import { deleteCredential, listCredentials, putCredential } from './credentialService.ts';
import { credentialOutput, credentialRefInput, providerIdSchema, putCredentialInput, workspaceRefInput } from './providerSchemas.ts';

/** The `id` input names the workspace. */
const byId = locateBy('id', async (_ctx, id) => id);
const tag = 'providers';
const ADMINS = { 403: 'Only admins manage provider credentials' };

/** The provider credentials router. */
export const providersRouter = router({
  list: workspaceProcedure('credentials:manage', byId)
    .meta(restMeta('GET', '/workspaces/{id}/providers', tag, "The workspace's provider credentials (masked keys, base URLs)", [403, 404], ADMINS))
    .input(workspaceRefInput)
    .output(z.array(credentialOutput))
    .query(({ ctx }) => listCredentials(ctx.prisma, ctx.env.credentialsSecret, ctx.membership.workspaceId)),

  put: workspaceProcedure('credentials:manage', byId)
    .meta(restMeta('PUT', '/workspaces/{id}/providers/{provider}', tag, 'Store a provider key (encrypted at rest) and optional base URL', [403, 404], ADMINS))
    .input(putCredentialInput)
    .output(credentialOutput)
    .mutation(({ ctx, input }) => putCredential(ctx.prisma, ctx.env.credentialsSecret, ctx.membership.workspaceId, input)),

  delete: workspaceProcedure('credentials:manage', byId)
    .meta(
      restMeta('DELETE', '/workspaces/{id}/providers/{provider}', tag, "Remove a provider key; runs fall back to the server's environment", [403, 404], ADMINS),
    )
    .input(credentialRefInput)
    .output(z.object({ provider: providerIdSchema, deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteCredential(ctx.prisma, ctx.membership.workspaceId, input.provider);
      return { provider: input.provider, deleted: true as const };
    }),
});
