/**
 * Live experiments: `experiments.*`, REST `GET /api/prompts/{id}/experiments`,
 * `GET /api/experiments/{id}`, `POST /api/experiments/{id}/promote` and
 * `PUT /api/experiments/{id}/guardrails`. An experiment starts when a label is split
 * (`PUT /api/prompts/{id}/labels/{name}` with `split`). Access follows the experiment's prompt:
 * reading needs `prompts:read`; promoting (a label move) and changing guardrails (which may move the
 * label) `labels:move`, and an Admin on a protected label.
 */
import { locateWithRoleBy, router, workspaceOrKeyProcedure } from '../../trpc.ts';
import { restMeta } from '../../http/restMeta.ts';
import { promptWorkspaceAndRole } from '../prompts/index.ts';
import { assertMayEndExperiment } from './experimentAccess.ts';
import { experimentWorkspaceAndRole, getExperiment, listExperiments, promoteExperiment, updateGuardrails } from './experimentService.ts';
import {
  experimentIdInput,
  experimentListOutput,
  experimentOutput,
  listExperimentsInput,
  promoteExperimentInput,
  updateGuardrailsInput,
} from './experimentSchemas.ts';

/** The `id` input names a live prompt. */
const byPromptId = locateWithRoleBy('id', (ctx, id, userId) => promptWorkspaceAndRole(ctx.db.raw, id, userId));
/** The `id` input names an experiment; its prompt's workspace decides access. */
const byExperimentId = locateWithRoleBy('id', (ctx, id, userId) => experimentWorkspaceAndRole(ctx.db.raw, id, userId));
const tag = 'experiments';

/** The experiments feature's router. */
export const experimentsRouter = router({
  list: workspaceOrKeyProcedure('prompts:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/experiments', tag, "A prompt's live and ended experiments, newest first (`{ items }`)", [404]))
    .input(listExperimentsInput)
    .output(experimentListOutput)
    .query(({ ctx, input }) => listExperiments(ctx.prisma, input)),

  get: workspaceOrKeyProcedure('prompts:read', byExperimentId)
    .meta(restMeta('GET', '/experiments/{id}', tag, 'One experiment: its split, status and winner', [404]))
    .input(experimentIdInput)
    .output(experimentOutput)
    .query(({ ctx, input }) => getExperiment(ctx.prisma, input.id)),

  promote: workspaceOrKeyProcedure('labels:move', byExperimentId)
    .meta(
      restMeta(
        'POST',
        '/experiments/{id}/promote',
        tag,
        "Promote an arm: the experiment's label points at that version alone and the experiment ends as PROMOTED",
        [403, 404, 409],
        { 403: 'Your role or key does not allow it, or the label is protected and you are not an Admin (ask an Admin)', 409: 'The experiment no longer runs' },
      ),
    )
    .input(promoteExperimentInput)
    .output(experimentOutput)
    .mutation(async ({ ctx, input }) => {
      // Promoting moves the label: a protected one (production by default) only by an Admin.
      await assertMayEndExperiment(ctx.prisma, input.id, ctx.access.actor, 'promote');
      return promoteExperiment(ctx.prisma, input, { actor: ctx.access.actor, via: 'experiment', reason: input.reason });
    }),

  guardrails: workspaceOrKeyProcedure('labels:move', byExperimentId)
    .meta(
      restMeta(
        'PUT',
        '/experiments/{id}/guardrails',
        tag,
        "Change a running experiment's guardrails (maxErrorRateIncrease, maxLatencyIncreaseMs; null turns one off) and minimum sample per arm; the significance level stays as started",
        [400, 403, 404, 409],
        { 403: 'Your role or key does not allow it, or the label is protected and you are not an Admin (ask an Admin)', 409: 'The experiment no longer runs' },
      ),
    )
    .input(updateGuardrailsInput)
    .output(experimentOutput)
    .mutation(async ({ ctx, input }) => {
      // A guardrail may move the label back to the control: on a protected label, an Admin's call.
      await assertMayEndExperiment(ctx.prisma, input.id, ctx.access.actor, 'change the guardrails of');
      return updateGuardrails(ctx.prisma, input);
    }),
});
