/**
 * Workspaces, their members and their invitations: `/trpc/workspaces.*` and REST under
 * `/api/workspaces`. The invitee's side of an invitation is in invitationsRouter.ts.
 * Access is decided by `workspaceProcedure` and the permissions table; this file only routes.
 */
import { z } from 'zod';
import { protectedProcedure, router, workspaceProcedure, locateBy } from '../../trpc.ts';
import { invitationAnswer, invitationOutput, workspaceInvitationInput } from './invitationSchemas.ts';
import { inviteMember, listWorkspaceInvitations, revokeInvitation } from './invitationService.ts';
import { listMembers, removeMember, updateMemberRole } from './memberService.ts';
import { restMeta, withSuccess } from '../../http/restMeta.ts';
import { createWorkspace, toWorkspace, updateWorkspace, workspaceSelect } from './workspaceService.ts';
import {
  addMemberInput,
  createWorkspaceInput,
  memberOutput,
  memberRefInput,
  updateMemberInput,
  updateWorkspaceInput,
  workspaceIdInput,
  workspaceOutput,
} from './workspaceSchemas.ts';

/** The `id` input names the workspace itself. */
const byId = locateBy('id', async (_ctx, id) => id);
const tag = 'workspaces';

const membersRouter = router({
  list: workspaceProcedure('members:read', byId)
    .meta(restMeta('GET', '/workspaces/{id}/members', tag, "List a workspace's members", [404]))
    .input(workspaceIdInput)
    .output(z.array(memberOutput))
    .query(({ ctx }) => listMembers(ctx.prisma, ctx.membership.workspaceId)),

  add: workspaceProcedure('members:manage', byId)
    .meta(
      withSuccess(
        [201],
        restMeta('POST', '/workspaces/{id}/members', tag, 'Invite someone by email (admins); they join when they accept', [403, 404, 409], {
          403: 'Only admins manage members, or the member limit is reached',
          409: 'That email is already a member',
        }),
      ),
    )
    .input(addMemberInput)
    .output(invitationAnswer)
    .mutation(async ({ ctx, input }) => {
      const invitation = await inviteMember(ctx.prisma, ctx.env.nextAuthUrl, ctx.membership.workspaceId, ctx.user.id, input);
      return { invitation };
    }),

  update: workspaceProcedure('members:manage', byId)
    .meta(
      restMeta('PUT', '/workspaces/{id}/members/{userId}', tag, "Change a member's role (admins)", [403, 404, 409], {
        409: 'The change would leave the workspace without an admin',
      }),
    )
    .input(updateMemberInput)
    .output(memberOutput)
    .mutation(({ ctx, input }) => updateMemberRole(ctx.prisma, ctx.membership.workspaceId, input.userId, input.role)),

  remove: workspaceProcedure('members:manage', byId)
    .meta(
      restMeta('DELETE', '/workspaces/{id}/members/{userId}', tag, 'Remove a member (admins)', [403, 404, 409], {
        409: 'The change would leave the workspace without an admin',
      }),
    )
    .input(memberRefInput)
    .output(z.object({ userId: z.string(), removed: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.prisma, ctx.membership.workspaceId, input.userId);
      return { userId: input.userId, removed: true as const };
    }),
});

/** A workspace's unanswered invitations, for its admins. */
const workspaceInvitationsRouter = router({
  list: workspaceProcedure('members:manage', byId)
    .meta(restMeta('GET', '/workspaces/{id}/invitations', tag, "List a workspace's unanswered invitations, expired ones too (admins)", [403, 404]))
    .input(workspaceIdInput)
    .output(z.array(invitationOutput))
    .query(({ ctx }) => listWorkspaceInvitations(ctx.prisma, ctx.env.nextAuthUrl, ctx.membership.workspaceId)),

  revoke: workspaceProcedure('members:manage', byId)
    .meta(restMeta('DELETE', '/workspaces/{id}/invitations/{invitationId}', tag, 'Withdraw an unanswered invitation (admins)', [403, 404]))
    .input(workspaceInvitationInput)
    .output(z.object({ invitationId: z.string(), revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.prisma, ctx.membership.workspaceId, input.invitationId);
      return { invitationId: input.invitationId, revoked: true as const };
    }),
});

/** The workspaces feature's router. */
export const workspacesRouter = router({
  list: protectedProcedure
    .meta(restMeta('GET', '/workspaces', tag, 'List the workspaces you belong to, with your role', []))
    .input(z.void())
    .output(z.array(workspaceOutput))
    .query(async ({ ctx }) => {
      const rows = await ctx.prisma.membership.findMany({
        where: { userId: ctx.user.id },
        select: { role: true, workspace: { select: workspaceSelect } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => toWorkspace(row.workspace, row.role));
    }),

  create: protectedProcedure
    .meta(withSuccess([201], restMeta('POST', '/workspaces', tag, 'Create a workspace; you become its admin', [409])))
    .input(createWorkspaceInput)
    .output(workspaceOutput)
    .mutation(async ({ ctx, input }) => {
      const workspace = await createWorkspace(ctx.prisma, ctx.user.id, input);
      return workspace;
    }),

  get: workspaceProcedure('workspace:read', byId)
    .meta(restMeta('GET', '/workspaces/{id}', tag, 'A workspace with its settings and limits', [404]))
    .input(workspaceIdInput)
    .output(workspaceOutput)
    .query(async ({ ctx }) => {
      const row = await ctx.prisma.workspace.findUniqueOrThrow({ where: { id: ctx.membership.workspaceId }, select: workspaceSelect });
      return toWorkspace(row, ctx.membership.role);
    }),

  update: workspaceProcedure('workspace:settings', byId)
    .meta(restMeta('PUT', '/workspaces/{id}', tag, 'Rename, change settings, limits and monthly spend limit (admins)', [403, 404, 409]))
    .input(updateWorkspaceInput)
    .output(workspaceOutput)
    .mutation(({ ctx, input }) => {
      const { id: _id, ...changes } = input;
      return updateWorkspace(ctx.prisma, ctx.membership.workspaceId, ctx.membership.role, changes);
    }),

  members: membersRouter,
  invitations: workspaceInvitationsRouter,
});
