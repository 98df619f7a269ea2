/**
 * Prompts: `/trpc/prompts.*` and REST under `/api/prompts`, with versions and labels nested
 * (`prompts.versions.*`, `prompts.labels.*`). Access: the permissions table via the prompt's,
 * or project's, workspace. Writes go through promptService.
 */
import { z } from 'zod';
import { locateBy, locateWithRoleBy, router, workspaceOrKeyProcedure, workspaceProcedure } from '../../trpc.ts';
import { projectWorkspaceId } from '../projects/index.ts';
import { DELETED, restMeta, withSuccess } from '../../http/restMeta.ts';
import { getPrompt, listPrompts, promptAfterWrite, promptWorkspaceAndRole, readPromptOnce } from './promptQueries.ts';
import {
  createPromptInput,
  getPromptInput,
  listPromptsInput,
  promptIdInput,
  promptOutput,
  promptPageOutput,
  updatePromptInput,
  writeResultOutput,
} from './promptSchemas.ts';
import { createPrompt, deletePrompt, writePromptVersion } from './promptService.ts';
import { labelsRouter, versionsRouter } from './versionsRouter.ts';

/** The `projectId` input names the project; its workspace decides access. */
const byProjectId = locateBy('projectId', async (ctx, id) => {
  const workspaceId = await projectWorkspaceId(ctx.prisma, id);
  return workspaceId && { workspaceId, projectId: id };
});
/** The `id` input names a live prompt; its workspace decides access (read with the caller's role). */
const byPromptId = locateWithRoleBy('id', (ctx, id, userId) => promptWorkspaceAndRole(ctx.db.raw, id, userId));
/** As byPromptId, reading the whole prompt in the same query for `get` to answer with. */
const byPromptIdReading = locateWithRoleBy('id', async (ctx, id, userId) => {
  const read = await readPromptOnce(ctx, id, userId);
  return read && { workspaceId: read.prompt.workspaceId, projectId: read.prompt.projectId, role: read.role };
});
const tag = 'prompts';
const CONFLICT_409 = { 409: 'baseVersion is not the latest: `error.latest` holds the latest version' };

/** The prompts feature's router. */
export const promptsRouter = router({
  list: workspaceOrKeyProcedure('prompts:read', byProjectId)
    .meta(restMeta('GET', '/prompts', tag, "A page of a project's prompts (`?projectId=&q=&page=&pageSize=`)", [404]))
    .input(listPromptsInput)
    .output(promptPageOutput)
    .query(({ ctx, input }) => listPrompts(ctx.prisma, input)),

  create: workspaceProcedure('prompts:write', byProjectId)
    .meta(
      withSuccess(
        [201],
        restMeta('POST', '/prompts', tag, 'Create a prompt and its version 1 (the seed fields)', [403, 404], {
          403: 'Viewers cannot write, or the workspace prompt limit is reached',
        }),
      ),
    )
    .input(createPromptInput)
    .output(writeResultOutput)
    .mutation(async ({ ctx, input }) => {
      const outcome = await createPrompt(ctx.prisma, { userId: ctx.user.id }, input);
      return promptAfterWrite(ctx.db, ctx.user.id, outcome);
    }),

  get: workspaceOrKeyProcedure('prompts:read', byPromptIdReading)
    .meta(restMeta('GET', '/prompts/{id}', tag, 'A prompt with its latest version and labels (`?label=` or `?version=` selects `version`)', [404]))
    .input(getPromptInput)
    .output(promptOutput)
    .query(async ({ ctx, input }) =>
      getPrompt(ctx.db, input.id, ctx.access.userId, { label: input.label, number: input.version }, await readPromptOnce(ctx, input.id, ctx.access.userId)),
    ),

  update: workspaceProcedure('prompts:write', byPromptId)
    .meta(restMeta('PUT', '/prompts/{id}', tag, 'Change a prompt; a content/model/temperature change makes a new version', [403, 404, 409], CONFLICT_409))
    .input(updatePromptInput)
    .output(writeResultOutput)
    .mutation(async ({ ctx, input }) => {
      const { id, name, description, content, model, temperature, message, baseVersion, partials, tools } = input;
      const outcome = await writePromptVersion(ctx.prisma, { userId: ctx.user.id }, id, {
        edit: { content, model, temperature },
        name,
        description,
        message,
        baseVersion,
        partials,
        tools,
      });
      return promptAfterWrite(ctx.db, ctx.user.id, outcome);
    }),

  delete: workspaceProcedure('prompts:write', byPromptId)
    .meta(restMeta('DELETE', '/prompts/{id}', tag, 'Soft-delete a prompt (versions and runs stay)', [403, 404]))
    .input(promptIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deletePrompt(ctx.prisma, input.id);
      return { id: input.id, ...DELETED };
    }),

  versions: versionsRouter,
  labels: labelsRouter,
});
