/**
 * Generations logged back by applications: `POST /api/v1/generations` (a batch of up to 1,000)
 * and `POST /api/v1/scores` (feedback on one). `generations:write`: an API key with that scope
 * (its workspace, and its project when it is limited to one), or a signed-in Member or Admin
 * naming `workspaceId`.
 */
import { TRPCError } from '@trpc/server';
import { restMeta, withSuccess } from '../../http/restMeta.ts';
import type { Context } from '../../context.ts';
import { byApiKeyOrWorkspaceId, router, workspaceOrKeyProcedure, type WorkspaceAccess } from '../../trpc.ts';
import { generationBatchInput, generationBatchOutput, MAX_GENERATIONS_PER_BATCH, scoreInput, scoreOutput } from './generationSchemas.ts';
import { enqueueExperimentEvaluations } from '../experiments/index.ts';
import { ingestGenerations } from './generationService.ts';
import { recordScore } from './scoreService.ts';

const tag = 'generations';

/**
 * Where a batch's prompt names are looked up: the caller's workspace, and the project of a key
 * limited to one (404 when the body names another), else the body's `projectId` if any.
 */
function placeOf(ctx: Context & { access: WorkspaceAccess }, projectId: string | undefined): { workspaceId: string; projectId?: string } {
  const { access } = ctx;
  const keyProject = access.actor.kind === 'apiKey' ? access.actor.key.projectId : null;
  if (keyProject && projectId && projectId !== keyProject) throw new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });
  const project = keyProject ?? projectId;
  return { workspaceId: access.workspaceId, ...(project ? { projectId: project } : {}) };
}

/** The generations feature's router. */
export const generationsRouter = router({
  ingest: workspaceOrKeyProcedure('generations:write', byApiKeyOrWorkspaceId)
    .meta({
      ...restMeta(
        'POST',
        '/v1/generations',
        tag,
        `Log up to ${MAX_GENERATIONS_PER_BATCH} generations; each item is accepted, a duplicate (its id is already stored) or rejected with its reason`,
        [404, 413],
        { 413: `More than ${MAX_GENERATIONS_PER_BATCH} generations, or a body above the route's limit` },
      ),
      // Items are checked one by one (a bad one is rejected alone), NUL characters included.
      rawTextFields: ['generations'],
    })
    .input(generationBatchInput)
    .output(generationBatchOutput)
    .mutation(async ({ ctx, input }) => {
      const { answer, experimentIds } = await ingestGenerations(ctx.db.raw, { ...input, ...placeOf(ctx, input.projectId) });
      // New evidence for live experiments: their guardrails are evaluated by a queued job. The rows are
      // stored whatever happens here; a failed send is evaluated again at the next batch or start-up.
      if (experimentIds.length > 0) {
        await enqueueExperimentEvaluations(ctx.db, experimentIds).catch((err: unknown) =>
          ctx.logger.warn({ err, experimentIds }, 'could not queue the evaluation of live experiments'),
        );
      }
      return answer;
    }),

  score: workspaceOrKeyProcedure('generations:write', byApiKeyOrWorkspaceId)
    .meta(withSuccess([201], restMeta('POST', '/v1/scores', tag, 'Record a score (a thumbs up, a rating) on a generation', [404])))
    .input(scoreInput)
    .output(scoreOutput)
    .mutation(({ ctx, input }) => recordScore(ctx.db.raw, { ...input, workspaceId: ctx.access.workspaceId })),
});
