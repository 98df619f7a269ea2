/**
 * Fixtures for the workspaces, projects and prompts suites: JSON calls over REST and a team
 * (an admin, a member, a viewer, an outsider) with a workspace and a project, made over HTTP.
 */
import assert from 'node:assert/strict';
import { startTestServer, type HttpTarget, type TestServer } from './server.ts';
import { createUser, type TestUser } from './users.ts';

/** A REST answer: status and parsed JSON body (or the text when it is not JSON). */
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the REST door and parses the answer. */
export async function rest<T = any>(server: HttpTarget, method: string, path: string, options: { token?: string; json?: unknown } = {}): Promise<Answer<T>> {
  const response = await server.api(`/api${path}`, {
    method,
    ...(options.token ? { token: options.token } : {}),
    ...(options.json !== undefined ? { json: options.json } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Plain text (a .prompt download) stays a string.
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Asserts a status, showing the body when it differs. */
export function expectStatus(answer: Answer, status: number): void {
  assert.equal(answer.status, status, `expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** People around one team workspace: its admin, a member, a viewer, and someone outside it. */
export interface Team {
  admin: TestUser;
  member: TestUser;
  viewer: TestUser;
  outsider: TestUser;
  workspaceId: string;
  projectId: string;
  /** The outsider's own (personal) workspace and a project in it. */
  outsiderWorkspaceId: string;
  outsiderProjectId: string;
}

/** Invites `user` to a workspace with `role` (as `admin`) and accepts as `user`: how anyone joins a workspace. */
export async function addToWorkspace(
  server: HttpTarget,
  admin: TestUser,
  workspaceId: string,
  user: TestUser,
  role: 'ADMIN' | 'MEMBER' | 'VIEWER',
): Promise<void> {
  const invited = await rest(server, 'POST', `/workspaces/${workspaceId}/members`, { token: admin.token, json: { email: user.email, role } });
  expectStatus(invited, 201);
  expectStatus(await rest(server, 'POST', `/invitations/${invited.body.invitation.id}/accept`, { token: user.token }), 200);
}

/** Creates the four users, a team workspace with a project, and the outsider's own project. */
export async function createTeam(server: HttpTarget): Promise<Team> {
  const [admin, member, viewer, outsider] = await Promise.all([
    createUser(server, { name: 'Ada Admin' }),
    createUser(server, { name: 'Max Member' }),
    createUser(server, { name: 'Vi Viewer' }),
    createUser(server, { name: 'Otto Outsider' }),
  ]);
  const workspace = await rest(server, 'POST', '/workspaces', { token: admin.token, json: { name: 'Team' } });
  expectStatus(workspace, 201);
  const workspaceId = workspace.body.id as string;
  await addToWorkspace(server, admin, workspaceId, member, 'MEMBER');
  await addToWorkspace(server, admin, workspaceId, viewer, 'VIEWER');
  const project = await rest(server, 'POST', '/projects', { token: admin.token, json: { workspaceId, name: 'Support bot' } });
  expectStatus(project, 201);
  const own = await rest(server, 'GET', '/workspaces', { token: outsider.token });
  const outsiderWorkspaceId = own.body[0].id as string;
  const outsiderProject = await rest(server, 'POST', '/projects', { token: outsider.token, json: { workspaceId: outsiderWorkspaceId, name: 'Mine' } });
  expectStatus(outsiderProject, 201);
  return { admin, member, viewer, outsider, workspaceId, projectId: project.body.id, outsiderWorkspaceId, outsiderProjectId: outsiderProject.body.id };
}

/** A running test server with a team in it: the world most API suites start from. */
export interface TeamServer {
  server: TestServer;
  team: Team;
}

/** Starts a test server and creates the team on it (a suite's `before`; the suite closes `server` in `after`). */
export async function startTeamServer(): Promise<TeamServer> {
  const server = await startTestServer();
  try {
    return { server, team: await createTeam(server) };
  } catch (error) {
    // The suite's `after` never sees a server it was not handed: close it here.
    await server.close();
    throw error;
  }
}

/** Creates a prompt the way the seed does and returns its id. */
export async function createPrompt(server: HttpTarget, token: string, projectId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const answer = await rest(server, 'POST', '/prompts', {
    token,
    json: { name: 'summarize', content: 'Summarize {{text}}', description: 'Short summaries', projectId, model: 'openai/gpt-4o', temperature: 0.7, ...fields },
  });
  expectStatus(answer, 201);
  return answer.body.id as string;
}
