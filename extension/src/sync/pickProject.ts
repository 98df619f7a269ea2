/**
 * The workspace and project a link goes into, asked of the user. A single choice is taken without
 * asking; a new account is not stuck: with no workspace it names and creates one, with no project
 * it names and creates one, and the lists always end with a "create" entry.
 */
import type { BackendClient } from '../team/api/client.ts';
import type { SyncDeps } from './syncDeps.ts';

/** The last item of the workspace list. */
export const CREATE_WORKSPACE = '$(add) Create a workspace…';
/** The last item of the project list. */
export const CREATE_PROJECT = '$(add) Create project…';

interface Choice {
  label: string;
  description?: string | undefined;
  id: string | undefined;
}

const notEmpty = (value: string) => (value.trim() ? undefined : 'A name is needed');

/** Asks for a name and creates a workspace; undefined when cancelled. */
async function createWorkspace(deps: SyncDeps, client: BackendClient, title: string): Promise<Choice | undefined> {
  const name = await deps.ui.input({ title, prompt: 'Name of the new PromptStack workspace', validateInput: notEmpty });
  if (!name?.trim()) return undefined;
  const created = await client.workspaces.create.mutate({ name: name.trim() });
  deps.log.info(`Created workspace "${created.name}" (${created.id})`);
  return { label: created.name, id: created.id };
}

/** Asks for a name and creates a project in `workspace`; undefined when cancelled. */
async function createProject(deps: SyncDeps, client: BackendClient, workspace: Choice, title: string, suggestion: string): Promise<string | undefined> {
  const name = await deps.ui.input({ title, prompt: `Name of the new project in ${workspace.label}`, value: suggestion, validateInput: notEmpty });
  if (!name?.trim()) return undefined;
  const created = await client.projects.create.mutate({ workspaceId: workspace.id!, name: name.trim() });
  deps.log.info(`Created project "${created.name}" (${created.id}) in "${workspace.label}"`);
  return created.id;
}

/** Workspace, then project (creating either when asked or when there is none); undefined when cancelled. */
export async function pickProject(deps: SyncDeps, client: BackendClient, suggestion: string): Promise<string | undefined> {
  const workspaces = await client.workspaces.list.query();
  let workspace: Choice | undefined;
  if (workspaces.length === 0) {
    workspace = await createWorkspace(deps, client, 'You have no PromptStack workspace yet: create one');
  } else {
    const choices: Choice[] = workspaces.map((w) => ({ label: w.name, description: w.role.toLowerCase(), id: w.id }));
    workspace =
      choices.length === 1 ? choices[0] : await deps.ui.pick([...choices, { label: CREATE_WORKSPACE, id: undefined }], { title: 'PromptStack workspace' });
    if (workspace && !workspace.id) workspace = await createWorkspace(deps, client, 'New PromptStack workspace');
  }
  if (!workspace?.id) return undefined;
  const projects = await client.projects.list.query({ workspaceId: workspace.id });
  if (projects.length === 0) return createProject(deps, client, workspace, `Workspace "${workspace.label}" has no projects yet: create one`, suggestion);
  if (projects.length === 1) return projects[0]!.id;
  const project = await deps.ui.pick<Choice>(
    [...projects.map((p) => ({ label: p.name, description: p.description ?? undefined, id: p.id })), { label: CREATE_PROJECT, id: undefined }],
    { title: `Project in ${workspace.label}` },
  );
  if (!project) return undefined;
  return project.id ?? createProject(deps, client, workspace, `New project in ${workspace.label}`, suggestion);
}
