/**
 * A/B tests: `/trpc/abTests.*` and REST `/api/ab-tests`. Creating answers 202 with the id at once;
 * the runs are durable jobs (abTestJobs.ts). Access: the test's (or project's) workspace;
 * `abtests:write` to create, cancel and choose (Members, Admins), `abtests:read` to read (Viewers too).
 */
import { TRPCError } from '@trpc/server';
import { roleCan } from '../auth/index.ts';
import { projectWorkspaceId } from '../projects/index.ts';
import { restMeta, withSuccess } from '../../http/restMeta.ts';
import { locateBy, router, workspaceProcedure } from '../../trpc.ts';
import { abTestWorkspaceId, getAbTest, listAbTests } from './abTestQueries.ts';
import { abTestIdInput, abTestOutput, abTestSummaryOutput, chooseWinnerInput, createAbTestInput, createdOutput, listAbTestsInput } from './abTestSchemas.ts';
import { cancelAbTest, chooseWinner, createAbTest } from './abTestService.ts';
import { z } from 'zod';

const byProjectId = locateBy('projectId', (ctx, id) => projectWorkspaceId(ctx.prisma, id));
const byTestId = locateBy('id', (ctx, id) => abTestWorkspaceId(ctx.prisma, id));
const tag = 'ab-tests';

/** The A/B tests feature's router. */
export const abTestsRouter = router({
  create: workspaceProcedure('abtests:write', byProjectId)
    .meta(
      withSuccess(
        [202],
        restMeta(
          'POST',
          '/ab-tests',
          tag,
          'Create an A/B test over a dataset or inline inputs; its runs are queued and the answer is 202 { id }',
          [402, 403, 404],
          {
            400: 'Invalid input: fewer than 2 variants, too many runs, a variant without a model, or an input a variant cannot render (named)',
            402: "The workspace's monthly spend limit is reached",
            404: 'The project, a prompt, a version or the dataset is not in this workspace',
          },
        ),
      ),
    )
    .input(createAbTestInput)
    .output(createdOutput)
    .mutation(async ({ ctx, input }) => {
      const created = await createAbTest(ctx, { userId: ctx.user.id, workspaceId: ctx.membership.workspaceId }, input);
      return created;
    }),

  get: workspaceProcedure('abtests:read', byTestId)
    .meta(restMeta('GET', '/ab-tests/{id}', tag, 'Status, progress, per-variant figures and the analysis of an A/B test', [404]))
    .input(abTestIdInput)
    .output(abTestOutput)
    .query(({ ctx, input }) => getAbTest(ctx.prisma, input.id)),

  list: workspaceProcedure('abtests:read', byProjectId)
    .meta(restMeta('GET', '/ab-tests', tag, "A project's A/B tests, newest first (`?projectId=`)", [404]))
    .input(listAbTestsInput)
    .output(z.array(abTestSummaryOutput))
    .query(({ ctx, input }) => listAbTests(ctx.prisma, input.projectId)),

  chooseWinner: workspaceProcedure('abtests:write', byTestId)
    .meta(
      restMeta(
        'POST',
        '/ab-tests/{id}/winner',
        tag,
        "Record the chosen variant; `moveLabel: 'production'` points that label of its prompt at its version",
        [403, 404],
      ),
    )
    .input(chooseWinnerInput)
    .output(abTestOutput)
    .mutation(async ({ ctx, input }) => {
      if (input.moveLabel && !roleCan(ctx.membership.role, 'labels:move')) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${ctx.membership.role.toLowerCase()}) does not allow 'labels:move'` });
      }
      await chooseWinner(
        ctx.prisma,
        { actor: { kind: 'user', userId: ctx.user.id, role: ctx.membership.role }, via: ctx.client, reason: `winner of A/B test ${input.id}` },
        input,
      );
      return getAbTest(ctx.prisma, input.id);
    }),

  cancel: workspaceProcedure('abtests:write', byTestId)
    .meta(restMeta('POST', '/ab-tests/{id}/cancel', tag, 'Cancel a queued or running A/B test (runs already recorded stay)', [403, 404, 409]))
    .input(abTestIdInput)
    .output(abTestOutput)
    .mutation(async ({ ctx, input }) => {
      await cancelAbTest(ctx, input.id);
      return getAbTest(ctx.prisma, input.id);
    }),
});
