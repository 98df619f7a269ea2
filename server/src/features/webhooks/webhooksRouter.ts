/**
 * Webhooks of a workspace (admins only, signed in; an API key cannot): `/trpc/webhooks.*` and REST
 * under `/api/workspaces/{id}/webhooks` and `/api/webhooks/{id}`. The signing secret is in the
 * answers of create and rotate only. Webhook URLs can carry credentials (chat incoming-hook URLs do),
 * so members and viewers see none of this.
 */
import { z } from 'zod';
import { DELETED, restMeta, withSuccess } from '../../http/restMeta.ts';
import { locateBy, router, workspaceProcedure } from '../../trpc.ts';
import { listDeliveries, resendDelivery } from './deliveryLog.ts';
import {
  createWebhookInput,
  deliveryOutput,
  deliveryPageOutput,
  deliveryRefInput,
  listDeliveriesInput,
  updateWebhookInput,
  webhookOutput,
  webhookRefInput,
  webhookWithSecretOutput,
  workspaceWebhooksInput,
} from './webhookSchemas.ts';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, webhookWorkspaceId } from './webhookService.ts';

/** The `id` input names the workspace. */
const byWorkspace = locateBy('id', async (_ctx, id) => id);
/** The `id` input names a webhook; its workspace is where the call acts. */
const byWebhook = locateBy('id', (ctx, id) => webhookWorkspaceId(ctx.prisma, id));
const tag = 'webhooks';
const ADMINS = { 403: 'Only signed-in admins manage webhooks (an API key cannot)' };

/** The webhooks router. */
export const webhooksRouter = router({
  create: workspaceProcedure('webhooks:manage', byWorkspace)
    .meta(
      withSuccess(
        [201],
        restMeta(
          'POST',
          '/workspaces/{id}/webhooks',
          tag,
          'Subscribe a URL to events; `secret` (whsec_...) verifies the signatures and is shown only in this answer',
          [403, 404],
          { ...ADMINS, 400: 'Invalid input, or a URL that is not http(s) or targets a private address' },
        ),
      ),
    )
    .input(createWebhookInput)
    .output(webhookWithSecretOutput)
    .mutation(({ ctx, input }) => createWebhook(ctx.prisma, ctx.env, ctx.membership.workspaceId, ctx.user.id, input)),

  list: workspaceProcedure('webhooks:manage', byWorkspace)
    .meta(restMeta('GET', '/workspaces/{id}/webhooks', tag, "The workspace's webhooks (never their secrets)", [403, 404], ADMINS))
    .input(workspaceWebhooksInput)
    .output(z.array(webhookOutput))
    .query(({ ctx }) => listWebhooks(ctx.prisma, ctx.membership.workspaceId)),

  update: workspaceProcedure('webhooks:manage', byWebhook)
    .meta(
      restMeta(
        'PUT',
        '/webhooks/{id}',
        tag,
        'Change the URL, events, description, or pause (`active: false`) and resume (`active: true`, also after a 410 Gone disabled it) deliveries',
        [403, 404],
        ADMINS,
      ),
    )
    .input(updateWebhookInput)
    .output(webhookOutput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.prisma, ctx.env, ctx.membership.workspaceId, input.id, input)),

  delete: workspaceProcedure('webhooks:manage', byWebhook)
    .meta(restMeta('DELETE', '/webhooks/{id}', tag, 'Delete a webhook and its delivery log', [403, 404], ADMINS))
    .input(webhookRefInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhook(ctx.prisma, ctx.membership.workspaceId, input.id);
      return { id: input.id, ...DELETED };
    }),

  rotateSecret: workspaceProcedure('webhooks:manage', byWebhook)
    .meta(
      restMeta(
        'POST',
        '/webhooks/{id}/rotate-secret',
        tag,
        'Replace the signing secret; the new `secret` is shown only in this answer. Until `previousSecretExpiresAt` (24 h by default) deliveries carry a signature by the old secret too',
        [403, 404],
        ADMINS,
      ),
    )
    .input(webhookRefInput)
    .output(webhookWithSecretOutput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.prisma, ctx.env, ctx.membership.workspaceId, input.id)),

  deliveries: workspaceProcedure('webhooks:manage', byWebhook)
    .meta(restMeta('GET', '/webhooks/{id}/deliveries', tag, "The webhook's deliveries, newest first, each with its attempts", [403, 404], ADMINS))
    .input(listDeliveriesInput)
    .output(deliveryPageOutput)
    .query(({ ctx, input }) => listDeliveries(ctx.prisma, input.id, input)),

  resend: workspaceProcedure('webhooks:manage', byWebhook)
    .meta(
      withSuccess(
        [202],
        restMeta(
          'POST',
          '/webhooks/{id}/deliveries/{deliveryId}/resend',
          tag,
          'Attempt a delivery once more now: the same message id and body, signed afresh',
          [403, 404, 409],
          { ...ADMINS, 409: 'The delivery is still being attempted, or the webhook is disabled' },
        ),
      ),
    )
    .input(deliveryRefInput)
    .output(deliveryOutput)
    .mutation(({ ctx, input }) => resendDelivery(ctx.prisma, input.id, input.deliveryId)),
});
