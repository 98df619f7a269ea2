/**
 * The whole API: one tRPC router, served at /trpc and (procedures with `meta.openapi`) as REST
 * under /api. Add a feature by importing its router and adding one key below.
 */
import { abTestsRouter } from './features/abtests/abTestsRouter.ts';
import { apiKeysRouter } from './features/apikeys/apiKeysRouter.ts';
import { analyticsRouter } from './features/analytics/analyticsRouter.ts';
import { authRouter } from './features/auth/authRouter.ts';
import { datasetsRouter } from './features/datasets/datasetsRouter.ts';
import { experimentResultsRouter, experimentsRouter } from './features/experiments/index.ts';
import { generationsRouter } from './features/generations/generationsRouter.ts';
import { governanceRouter } from './features/governance/index.ts';
import { invitationsRouter } from './features/workspaces/invitationsRouter.ts';
import { providersRouter } from './features/providers/providersRouter.ts';
import { runsRouter } from './features/runs/runsRouter.ts';
import { servingRouter } from './features/serving/index.ts';
import { projectsRouter } from './features/projects/projectsRouter.ts';
import { promptsRouter } from './features/prompts/promptsRouter.ts';
import { workspacesRouter } from './features/workspaces/workspacesRouter.ts';
import { webhooksRouter } from './features/webhooks/index.ts';
import { router } from './trpc.ts';

/** Every feature's procedures, by feature name. */
export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  invitations: invitationsRouter,
  projects: projectsRouter,
  prompts: promptsRouter,
  runs: runsRouter,
  providers: providersRouter,
  apiKeys: apiKeysRouter,
  datasets: datasetsRouter,
  abTests: abTestsRouter,
  analytics: analyticsRouter,
  generations: generationsRouter,
  serving: servingRouter,
  webhooks: webhooksRouter,
  experimentResults: experimentResultsRouter,
  governance: governanceRouter,
  experiments: experimentsRouter,
});

/** The router's type: what `createTRPCClient<AppRouter>` in the extension imports. */
export type AppRouter = typeof appRouter;
