/** Projects: `/trpc/projects.*` and REST under `/api/projects`. Access: the permissions table. */
import { z } from 'zod';
import { byWorkspaceId, locateBy, router, workspaceProcedure } from '../../trpc.ts';
import { DELETED, restMeta, withSuccess } from '../../http/restMeta.ts';
import { createProject, deleteProject, getProject, listProjects, projectWorkspaceId, updateProject } from './projectService.ts';
import { createProjectInput, listProjectsInput, projectIdInput, projectOutput, updateProjectInput } from './projectSchemas.ts';

/** The `id` input names a project; its workspace decides access. */
const byProjectId = locateBy('id', (ctx, id) => projectWorkspaceId(ctx.prisma, id));
const tag = 'projects';

/** The projects feature's router. */
export const projectsRouter = router({
  list: workspaceProcedure('projects:read', byWorkspaceId)
    .meta(restMeta('GET', '/projects', tag, "A workspace's projects (`?workspaceId=`)", [404]))
    .input(listProjectsInput)
    .output(z.array(projectOutput))
    .query(({ ctx }) => listProjects(ctx.prisma, ctx.membership.workspaceId)),

  create: workspaceProcedure('projects:write', byWorkspaceId)
    .meta(withSuccess([201], restMeta('POST', '/projects', tag, 'Create a project in a workspace', [403, 404])))
    .input(createProjectInput)
    .output(projectOutput)
    .mutation(async ({ ctx, input }) => {
      const project = await createProject(ctx.prisma, { ...input, workspaceId: ctx.membership.workspaceId });
      return project;
    }),

  get: workspaceProcedure('projects:read', byProjectId)
    .meta(restMeta('GET', '/projects/{id}', tag, 'One project', [404]))
    .input(projectIdInput)
    .output(projectOutput)
    .query(({ ctx, input }) => getProject(ctx.prisma, input.id)),

  update: workspaceProcedure('projects:write', byProjectId)
    .meta(restMeta('PUT', '/projects/{id}', tag, 'Rename or re-describe a project', [403, 404]))
    .input(updateProjectInput)
    .output(projectOutput)
    .mutation(({ ctx, input }) => updateProject(ctx.prisma, input.id, input)),

  delete: workspaceProcedure('projects:write', byProjectId)
    .meta(restMeta('DELETE', '/projects/{id}', tag, 'Soft-delete a project and its prompts (versions and runs stay)', [403, 404]))
    .input(projectIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteProject(ctx.prisma, input.id);
      return { id: input.id, ...DELETED };
    }),
});
