/**
 * Test runs of a prompt: `/trpc/runs.*` and REST `/api/prompts/{id}/test`. `runs.stream` is a
 * tRPC subscription (SSE, `httpSubscriptionLink`); REST streaming is runStreamRoute.ts.
 * Access: the prompt's workspace, `runs:create` to run (not Viewers), `runs:read` to list.
 */
import { locateBy, router, workspaceProcedure, type WorkspaceLocator } from '../../trpc.ts';
import { promptWorkspaceId } from '../prompts/index.ts';
import { restMeta } from '../../http/restMeta.ts';
import { listRuns } from './runQueries.ts';
import { executedRunOutput, listRunsInput, rateRunInput, runOutput, runPageOutput, testRunInput, type TestRunInput } from './runSchemas.ts';
import { checkRunnable, executeRun, rateRun, type RunRequest } from './runService.ts';
import { enforceSpendLimit } from './spendLimit.ts';
import { resolveRunTarget } from './runTarget.ts';
import { streamRun } from './streamRun.ts';
import type { Context } from '../../context.ts';

/** The `id` input names a live prompt; its workspace decides access. */
const byPromptId: WorkspaceLocator = locateBy('id', (ctx, id) => promptWorkspaceId(ctx.prisma, id));
const tag = 'runs';
const RUN_ERRORS = {
  400: 'Invalid input: a missing or wrongly typed variable (named), an unknown model, or a template error; nothing was sent to the provider',
  402: "The workspace's monthly spend limit is reached",
  403: 'Viewers cannot run prompts',
};

/** Everything before a run: the version, the spend limit, the input checked against the schema. */
async function prepareTestRun(ctx: Context, userId: string, input: TestRunInput) {
  const target = await resolveRunTarget(ctx.prisma, input.id, input.versionId);
  await enforceSpendLimit(ctx.prisma, target.workspaceId);
  await checkRunnable(target, input);
  const request: RunRequest = {
    input: input.input,
    model: input.model,
    config: input.config,
    rating: input.rating,
    feedback: input.feedback,
    userId,
  };
  return { target, request };
}

/** The runs feature's router. */
export const runsRouter = router({
  test: workspaceProcedure('runs:create', byPromptId)
    .meta({
      // Run inputs round-trip any text: they are stored through the lossless escape of storableText.ts.
      rawTextFields: ['input'],
      ...restMeta(
        'POST',
        '/prompts/{id}/test',
        tag,
        'Run a prompt version with an input and record the run (a failed provider call is a recorded run with status "error"); answers the run with the messages sent, which are not stored',
        [402, 403, 404],
        RUN_ERRORS,
      ),
    })
    .input(testRunInput)
    .output(executedRunOutput)
    .mutation(async ({ ctx, input, signal }) => {
      const { target, request } = await prepareTestRun(ctx, ctx.user.id, input);
      return executeRun(ctx, target, { ...request, signal });
    }),

  list: workspaceProcedure('runs:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/test', tag, "A page of a prompt's runs, newest first (`?page=&pageSize=&versionId=`)", [404]))
    .input(listRunsInput)
    .output(runPageOutput)
    .query(({ ctx, input }) => listRuns(ctx.prisma, input)),

  rate: workspaceProcedure('runs:create', byPromptId)
    .meta(restMeta('PUT', '/prompts/{id}/test/{runId}', tag, "Set (or clear with null) a run's rating 1-5 and feedback", [403, 404]))
    .input(rateRunInput)
    .output(runOutput)
    .mutation(({ ctx, input }) => rateRun(ctx.prisma, input.id, input.runId, input)),

  /**
   * Streams a run: `{ type: 'token', text }` events, then `{ type: 'done', run }` (the recorded
   * run with the messages sent). Checks happen
   * before the first event, so a bad input is an error, not a recorded run. Unsubscribing
   * cancels the provider call and records the run as cancelled.
   */
  stream: workspaceProcedure('runs:create', byPromptId)
    .meta({ rawTextFields: ['input'] })
    .input(testRunInput)
    .subscription(async ({ ctx, input, signal }) => {
      const { target, request } = await prepareTestRun(ctx, ctx.user.id, input);
      return streamRun(ctx, target, request, signal);
    }),
});
