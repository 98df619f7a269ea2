/** The world the label governance suites share: a team with a second Admin, a prompt of three versions, and API keys. */
import type { TestServer } from '../helpers/server.ts';
import { addToWorkspace, createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';
import { createUser, type TestUser } from '../helpers/users.ts';

/** A team server, a second Admin, and a prompt with versions 1 to 3. */
export interface GovernanceWorld {
  server: TestServer;
  team: Team;
  /** A second Admin, to approve what the first asks for. */
  admin2: TestUser;
  promptId: string;
}

/** Starts the server and creates the team, the second Admin and the prompt. */
export async function startGovernanceWorld(): Promise<GovernanceWorld> {
  const { server, team } = await startTeamServer();
  const admin2 = await createUser(server, { name: 'Bea Admin' });
  await addToWorkspace(server, team.admin, team.workspaceId, admin2, 'ADMIN');
  const promptId = await createPrompt(server, team.member.token, team.projectId);
  for (const content of ['Second {{text}}', 'Third {{text}}']) {
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}`, { token: team.member.token, json: { content } }), 200);
  }
  return { server, team, admin2, promptId };
}

/** Creates an API key of the team's workspace as its Admin; returns its id and secret. */
export async function createKey(world: GovernanceWorld, name: string, scopes: string[]): Promise<{ id: string; key: string }> {
  const answer = await rest(world.server, 'POST', `/workspaces/${world.team.workspaceId}/api-keys`, { token: world.team.admin.token, json: { name, scopes } });
  expectStatus(answer, 201);
  return { id: answer.body.id, key: answer.body.key };
}
