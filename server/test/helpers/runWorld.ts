/**
 * Fixtures for the runs, providers and datasets suites: a server whose provider env points at
 * core's local provider server (the real provider SDKs talk to it over HTTP), a team,
 * and prompts made from whole `.prompt` files.
 */
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { RUNNABLE_PROVIDERS } from '@promptstack/core/providers/runnableProviders';
import { startTestServer, type HttpTarget, type TestServer } from './server.ts';
import { createTeam, expectStatus, rest, type Team } from './team.ts';

/** The key the local provider accepts from the server's environment. */
export const ENV_KEY = 'env-key-0123456789';

/** A prompt with a typed input schema: `name` required string, `count` optional integer. */
export const GREETING_SOURCE = `---
model: openai/gpt-4o-mini
config:
  temperature: 0.2
input:
  schema:
    name: string
    count?: integer
---
Hello {{name}}`;

/** A server, its local provider and a team. */
export interface RunWorld {
  server: TestServer;
  provider: LocalProviderServer;
  team: Team;
  close(): Promise<void>;
}

/** Starts the local provider (accepting only ENV_KEY), then the server pointed at it for every provider. */
export async function startRunWorld(): Promise<RunWorld> {
  const provider = await startLocalProviderServer({ apiKey: ENV_KEY });
  // OPENAI_API_KEY/OPENAI_BASE_URL, ANTHROPIC_..., GEMINI_...: every provider's server-wide variables.
  const env = Object.fromEntries(
    RUNNABLE_PROVIDERS.flatMap((info) => [
      [info.envKeyVars[0]!, ENV_KEY],
      [info.envBaseUrlVar, provider.baseUrls[info.id]],
    ]),
  );
  const server = await startTestServer({ env });
  const team = await createTeam(server);
  return {
    server,
    provider,
    team,
    async close() {
      await server.close();
      await provider.close();
    },
  };
}

/** Creates a prompt from a whole `.prompt` source and returns its id and version id. */
export async function createSourcePrompt(
  server: HttpTarget,
  token: string,
  projectId: string,
  source = GREETING_SOURCE,
  name = 'greeting',
): Promise<{ id: string; versionId: string }> {
  const answer = await rest(server, 'POST', '/prompts', { token, json: { name, content: source, projectId } });
  expectStatus(answer, 201);
  return { id: answer.body.id as string, versionId: answer.body.version.id as string };
}
