/**
 * The invitee's side of invitations: `/trpc/invitations.*` and REST under `/api/invitations`.
 * Any signed-in user sees and answers the invitations addressed to their own email.
 */
import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc.ts';
import { invitationAnswer, invitationIdInput, invitationOutput } from './invitationSchemas.ts';
import { acceptInvitation, declineInvitation, listInvitationsFor } from './invitationService.ts';
import { restMeta } from '../../http/restMeta.ts';

const tag = 'invitations';

/** The invitations feature's router. */
export const invitationsRouter = router({
  list: protectedProcedure
    .meta(restMeta('GET', '/invitations', tag, 'Invitations waiting for your answer (what to show after sign-in)', []))
    .input(z.void())
    .output(z.array(invitationOutput))
    .query(({ ctx }) => listInvitationsFor(ctx.prisma, ctx.env.nextAuthUrl, ctx.user.email)),

  accept: protectedProcedure
    .meta(
      restMeta('POST', '/invitations/{id}/accept', tag, 'Accept an invitation: join the workspace with its role', [403, 404, 409], {
        403: "The workspace's member limit is reached",
        404: 'No such invitation for your email',
        409: 'Already accepted or declined, expired, or you are already a member',
      }),
    )
    .input(invitationIdInput)
    .output(invitationAnswer)
    .mutation(async ({ ctx, input }) => ({ invitation: await acceptInvitation(ctx.prisma, ctx.env.nextAuthUrl, ctx.user, input.id) })),

  decline: protectedProcedure
    .meta(
      restMeta('POST', '/invitations/{id}/decline', tag, 'Decline an invitation', [404, 409], {
        404: 'No such invitation for your email',
        409: 'Already accepted or declined, or expired',
      }),
    )
    .input(invitationIdInput)
    .output(invitationAnswer)
    .mutation(async ({ ctx, input }) => ({ invitation: await declineInvitation(ctx.prisma, ctx.env.nextAuthUrl, ctx.user, input.id) })),
});
