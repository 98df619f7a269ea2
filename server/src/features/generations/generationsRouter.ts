/**
 * Generations logged back by applications: `POST /api/v1/generations` (a batch of up to 1,000)
 * and `POST /api/v1/scores` (feedback on one). `generations:write`: Members and Admins.
 */
import { restMeta, withSuccess } from '../../http/restMeta.ts';
import { byWorkspaceId, router, workspaceProcedure } from '../../trpc.ts';
import { generationBatchInput, generationBatchOutput, MAX_GENERATIONS_PER_BATCH, scoreInput, scoreOutput } from './generationSchemas.ts';
import { ingestGenerations } from './generationService.ts';
import { recordScore } from './scoreService.ts';

const tag = 'generations';

/** The generations feature's router. */
export const generationsRouter = router({
  ingest: workspaceProcedure('generations:write', byWorkspaceId)
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
    .mutation(({ ctx, input }) => ingestGenerations(ctx.db.raw, input)),

  score: workspaceProcedure('generations:write', byWorkspaceId)
    .meta(withSuccess([201], restMeta('POST', '/v1/scores', tag, 'Record a score (a thumbs up, a rating) on a generation', [404])))
    .input(scoreInput)
    .output(scoreOutput)
    .mutation(({ ctx, input }) => recordScore(ctx.db.raw, input)),
});
