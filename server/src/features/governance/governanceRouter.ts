/**
 * Label governance: protected labels per project (`/api/projects/{id}/protected-labels`), label
 * requests and their approval (`/api/prompts/{id}/label-requests...`), the label audit log
 * (`/api/prompts/{id}/labels/history`) and rollback (`/api/prompts/{id}/labels/{name}/rollback`).
 */
import { locateBy, locateWithRoleBy, router, workspaceOrKeyProcedure, workspaceProcedure } from '../../trpc.ts';
import { restMeta, withSuccess } from '../../http/restMeta.ts';
import { projectWorkspaceId } from '../projects/index.ts';
import { promptWorkspaceAndRole } from '../prompts/index.ts';
import {
  createLabelRequestInput,
  decideLabelRequestInput,
  labelHistoryInput,
  labelHistoryItemOutput,
  labelHistoryPageOutput,
  labelRequestOutput,
  labelRequestPageOutput,
  listLabelRequestsInput,
  projectIdInput,
  protectedLabelsOutput,
  requestedTarget,
  rollbackLabelInput,
  setProtectedLabelsInput,
} from './governanceSchemas.ts';
import { listLabelHistory, rollbackLabel } from './labelHistoryService.ts';
import { assertMayMoveLabel, getProtectedLabels, setProtectedLabels } from './labelProtection.ts';
import { approveLabelRequest, createLabelRequest, listLabelRequests, rejectLabelRequest } from './labelRequestService.ts';

/** The `id` input names a live prompt; its workspace (and project, for project keys) decides access. */
const byPromptId = locateWithRoleBy('id', (ctx, id, userId) => promptWorkspaceAndRole(ctx.db.raw, id, userId));
/** The `id` input names a live project. */
const byProjectId = locateBy('id', (ctx, id) => projectWorkspaceId(ctx.prisma, id));

const protectedTag = 'protected labels';
const requestTag = 'label requests';
const historyTag = 'label history';

const protectedLabelsRouter = router({
  get: workspaceProcedure('projects:read', byProjectId)
    .meta(restMeta('GET', '/projects/{id}/protected-labels', protectedTag, 'The labels of a project only Admins move directly', [404]))
    .input(projectIdInput)
    .output(protectedLabelsOutput)
    .query(async ({ ctx, input }) => ({ projectId: input.id, labels: await getProtectedLabels(ctx.prisma, input.id) })),

  set: workspaceProcedure('labels:govern', byProjectId)
    .meta(restMeta('PUT', '/projects/{id}/protected-labels', protectedTag, 'Choose the labels only Admins move directly (Admins)', [403, 404]))
    .input(setProtectedLabelsInput)
    .output(protectedLabelsOutput)
    .mutation(async ({ ctx, input }) => ({ projectId: input.id, labels: await setProtectedLabels(ctx.prisma, input.id, input.labels) })),
});

const labelRequestsRouter = router({
  create: workspaceOrKeyProcedure('labels:move', byPromptId)
    .meta(
      withSuccess(
        [201],
        restMeta(
          'POST',
          '/prompts/{id}/label-requests',
          requestTag,
          'Ask for a label move that another Admin approves (Members, Admins, keys with prompts:write)',
          [403, 404],
        ),
      ),
    )
    .input(createLabelRequestInput)
    .output(labelRequestOutput)
    .mutation(({ ctx, input }) =>
      createLabelRequest(ctx.prisma, { promptId: input.id, label: input.label, target: requestedTarget(input), reason: input.reason }, ctx.access.actor),
    ),

  list: workspaceOrKeyProcedure('prompts:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/label-requests', requestTag, "A page of a prompt's label requests, newest first (`?status=pending`)", [404]))
    .input(listLabelRequestsInput)
    .output(labelRequestPageOutput)
    .query(({ ctx, input }) => listLabelRequests(ctx.prisma, { ...input, promptId: input.id })),

  approve: workspaceProcedure('labels:govern', byPromptId)
    .meta(
      restMeta(
        'POST',
        '/prompts/{id}/label-requests/{requestId}/approve',
        requestTag,
        'Approve a pending request and move its label (an Admin other than the requester)',
        [403, 404, 409],
        { 409: 'The request is already approved or rejected' },
      ),
    )
    .input(decideLabelRequestInput)
    .output(labelRequestOutput)
    .mutation(({ ctx, input }) =>
      approveLabelRequest(
        ctx.prisma,
        { promptId: input.id, requestId: input.requestId, note: input.note },
        { userId: ctx.user.id, actor: { kind: 'user', userId: ctx.user.id, role: ctx.membership.role } },
      ),
    ),

  reject: workspaceProcedure('labels:govern', byPromptId)
    .meta(
      restMeta(
        'POST',
        '/prompts/{id}/label-requests/{requestId}/reject',
        requestTag,
        'Reject a pending request with an optional note (an Admin other than the requester)',
        [403, 404, 409],
        { 409: 'The request is already approved or rejected' },
      ),
    )
    .input(decideLabelRequestInput)
    .output(labelRequestOutput)
    .mutation(({ ctx, input }) =>
      rejectLabelRequest(
        ctx.prisma,
        { promptId: input.id, requestId: input.requestId, note: input.note },
        { userId: ctx.user.id, actor: { kind: 'user', userId: ctx.user.id, role: ctx.membership.role } },
      ),
    ),
});

/** The label governance feature's router. */
export const governanceRouter = router({
  protectedLabels: protectedLabelsRouter,
  labelRequests: labelRequestsRouter,

  history: workspaceOrKeyProcedure('prompts:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/labels/history', historyTag, "A page of a prompt's label moves, newest first: who, when, from, to, how, why", [404]))
    .input(labelHistoryInput)
    .output(labelHistoryPageOutput)
    .query(({ ctx, input }) => listLabelHistory(ctx.prisma, { ...input, promptId: input.id })),

  rollback: workspaceOrKeyProcedure('labels:move', byPromptId)
    .meta(
      restMeta('POST', '/prompts/{id}/labels/{name}/rollback', historyTag, 'Move a label back to where it pointed before its latest move', [403, 404, 409], {
        409: 'The label has no earlier target to go back to',
      }),
    )
    .input(rollbackLabelInput)
    .output(labelHistoryItemOutput)
    .mutation(async ({ ctx, input }) => {
      await assertMayMoveLabel(ctx.prisma, { promptId: input.id, label: input.name, actor: ctx.access.actor });
      return rollbackLabel(ctx.prisma, { promptId: input.id, label: input.name }, { actor: ctx.access.actor, reason: input.reason });
    }),
});
