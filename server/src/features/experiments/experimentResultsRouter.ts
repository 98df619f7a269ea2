/**
 * Results and stop of a live experiment: `/trpc/experimentResults.*`, REST
 * `GET /api/experiments/{id}/results` and `POST /api/experiments/{id}/stop`. Access: the experiment's
 * workspace; reading needs `prompts:read` (Viewers too, keys with `prompts:read`), stopping
 * `labels:move` (Members, Admins, keys with `prompts:write`), since it moves the label back, and
 * an Admin when that label is protected.
 */
import { restMeta } from '../../http/restMeta.ts';
import { locateWithRoleBy, router, workspaceOrKeyProcedure } from '../../trpc.ts';
import { assertMayEndExperiment } from './experimentAccess.ts';
import { experimentResults } from './experimentResults.ts';
import { experimentWorkspaceAndRole } from './experimentService.ts';
import { experimentIdInput, experimentResultsOutput, stopExperimentInput, stopExperimentOutput } from './experimentResultsSchemas.ts';
import { stopExperiment } from './experimentStop.ts';

/** The `id` input names an experiment of a live prompt; its workspace (and project, for keys) decides access. */
const byExperimentId = locateWithRoleBy('id', (ctx, id, userId) => experimentWorkspaceAndRole(ctx.db.raw, id, userId));
const tag = 'experiments';

/** The experiment results feature's router. */
export const experimentResultsRouter = router({
  results: workspaceOrKeyProcedure('prompts:read', byExperimentId)
    .meta(
      restMeta(
        'GET',
        '/experiments/{id}/results',
        tag,
        "A live experiment's results: per arm error rate, latency, cost and score means with counts; each treatment against the control with the always-valid sequential test (p-value, confidence sequence), the fixed-horizon test beside it, a verdict, and the series of looks",
        [404],
      ),
    )
    .input(experimentIdInput)
    .output(experimentResultsOutput)
    .query(({ ctx, input }) => experimentResults(ctx.prisma, input.id)),

  stop: workspaceOrKeyProcedure('labels:move', byExperimentId)
    .meta(
      restMeta(
        'POST',
        '/experiments/{id}/stop',
        tag,
        "Stop a running experiment: its label points at the control alone again (audited), the experiment ends with reason 'stopped'; on a protected label only as an Admin",
        [403, 404, 409],
        {
          403: 'Your role or key does not allow it, or the label is protected and you are not an Admin (ask an Admin)',
          409: 'The experiment is not running (already stopped or promoted)',
        },
      ),
    )
    .input(stopExperimentInput)
    .output(stopExperimentOutput)
    .mutation(async ({ ctx, input }) => {
      // Stopping moves the label back to the control: a protected one only by an Admin (guardrails stop as the system).
      await assertMayEndExperiment(ctx.prisma, input.id, ctx.access.actor, 'stop');
      const stopped = await stopExperiment(ctx.prisma, input.id, {
        endReason: 'stopped',
        move: { actor: ctx.access.actor, via: 'api', reason: input.reason ?? 'Experiment stopped' },
      });
      return {
        id: stopped.id,
        status: stopped.status,
        endReason: stopped.endReason,
        endedAt: stopped.endedAt.toISOString(),
        labelReverted: stopped.labelReverted,
      };
    }),
});
