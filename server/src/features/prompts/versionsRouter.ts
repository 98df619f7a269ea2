/**
 * A prompt's versions (`prompts.versions.*`, REST `/api/prompts/{id}/versions...`) and labels
 * (`prompts.labels.*`, REST `/api/prompts/{id}/labels...`). The `.prompt` text download and
 * upload live in promptSourceRoutes.ts (the REST adapter answers JSON only).
 */
import { z } from 'zod';
import { locateWithRoleBy, router, workspaceOrKeyProcedure } from '../../trpc.ts';
import { DELETED, restMeta, withSuccess } from '../../http/restMeta.ts';
import { assertMayMoveLabel } from '../governance/index.ts';
import { deleteLabel, setLabel, type SetLabelTarget } from './labelService.ts';
import { getVersion, listLabels, listVersions, parseVersionRef, promptAfterWrite, promptWorkspaceAndRole } from './promptQueries.ts';
import {
  labelOutput,
  labelRefInput,
  listVersionsInput,
  promptIdInput,
  setLabelInput,
  type SetLabelInput,
  uploadVersionInput,
  versionOutput,
  versionPageOutput,
  versionRefInput,
  writeResultOutput,
} from './promptSchemas.ts';
import { writePromptVersion } from './promptService.ts';

/** The `id` input names a live prompt; its workspace decides access (read with the caller's role). */
const byPromptId = locateWithRoleBy('id', (ctx, id, userId) => promptWorkspaceAndRole(ctx.db.raw, id, userId));
const tag = 'prompt versions';

/** Versions of one prompt. API keys read them with `prompts:read` and push with `prompts:write`. */
export const versionsRouter = router({
  list: workspaceOrKeyProcedure('prompts:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/versions', tag, "A page of a prompt's versions, newest first, without sources", [404]))
    .input(listVersionsInput)
    .output(versionPageOutput)
    .query(({ ctx, input }) => listVersions(ctx.prisma, input)),

  get: workspaceOrKeyProcedure('prompts:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/versions/{ref}', tag, 'One version by number (`3`) or label (`production`)', [404]))
    .input(versionRefInput)
    .output(versionOutput)
    .query(({ ctx, input }) => getVersion(ctx.prisma, input.id, parseVersionRef(input.ref))),

  upload: workspaceOrKeyProcedure('prompts:write', byPromptId)
    .meta(
      withSuccess(
        [201, 200],
        restMeta(
          'POST',
          '/prompts/{id}/versions',
          tag,
          'Store a whole `.prompt` source unchanged as the next version (201), or 200 when identical to the latest',
          [403, 404, 409],
          {
            409: 'baseVersion is not the latest: `error.latest` holds the latest version',
          },
        ),
      ),
    )
    .input(uploadVersionInput)
    .output(writeResultOutput)
    .mutation(async ({ ctx, input }) => {
      const outcome = await writePromptVersion(ctx.prisma, { userId: ctx.access.userId }, input.id, {
        edit: { source: input.source },
        message: input.message,
        baseVersion: input.baseVersion,
        partials: input.partials,
        tools: input.tools,
      });
      if (!outcome.created) ctx.http.status = 200;
      return promptAfterWrite(ctx.db, ctx.access.userId, outcome);
    }),
});

const labelTag = 'prompt labels';

/** The move a `PUT .../labels/{name}` asks for (the schema allows exactly one of versionNumber and split). */
function labelTargetOf(input: SetLabelInput): SetLabelTarget {
  const at = { id: input.id, name: input.name };
  return input.split ? { ...at, split: input.split, stickyBy: input.stickyBy ?? null } : { ...at, versionNumber: input.versionNumber! };
}

/**
 * Labels of one prompt: movable names for versions; moving needs `labels:move` (Members, Admins, keys
 * with `prompts:write`), and a label protected in the project needs an Admin (features/governance).
 */
export const labelsRouter = router({
  list: workspaceOrKeyProcedure('prompts:read', byPromptId)
    .meta(restMeta('GET', '/prompts/{id}/labels', labelTag, "A prompt's labels and the versions they name", [404]))
    .input(promptIdInput)
    .output(z.array(labelOutput))
    .query(({ ctx, input }) => listLabels(ctx.prisma, input.id)),

  set: workspaceOrKeyProcedure('labels:move', byPromptId)
    .meta(
      restMeta(
        'PUT',
        '/prompts/{id}/labels/{name}',
        labelTag,
        'Point a label at a version (`{ versionNumber }`), or split its traffic across versions (`{ split: [{ version, weight }], stickyBy }`: starts a live experiment); creates the label if new; a protected label only as an Admin',
        [403, 404],
        {
          403: 'Your role (or API key) does not allow this, or the label is protected: ask with POST /prompts/{id}/label-requests',
        },
      ),
    )
    .input(setLabelInput)
    .output(labelOutput)
    .mutation(async ({ ctx, input }) => {
      await assertMayMoveLabel(ctx.prisma, { promptId: input.id, label: input.name, actor: ctx.access.actor });
      return setLabel(ctx.prisma, labelTargetOf(input), { actor: ctx.access.actor, via: ctx.client });
    }),

  delete: workspaceOrKeyProcedure('labels:move', byPromptId)
    .meta(
      restMeta('DELETE', '/prompts/{id}/labels/{name}', labelTag, 'Remove a label (its version stays); a protected label only as an Admin', [403, 404], {
        403: 'Your role (or API key) does not allow this, or the label is protected: ask with POST /prompts/{id}/label-requests',
      }),
    )
    .input(labelRefInput)
    .output(z.object({ name: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await assertMayMoveLabel(ctx.prisma, { promptId: input.id, label: input.name, actor: ctx.access.actor });
      await deleteLabel(ctx.prisma, input, { actor: ctx.access.actor, via: ctx.client });
      return { name: input.name, ...DELETED };
    }),
});
