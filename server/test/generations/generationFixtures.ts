/** The world the generations suites share: a team server with a prompt of two versions, one labelled `production`. */
import { rest, expectStatus, startTeamServer, type TeamServer } from '../helpers/team.ts';
import { createSourcePrompt, GREETING_SOURCE } from '../helpers/runWorld.ts';

/** A team server and the prompt `support-reply` (v1 labelled production, v2 the latest). */
export interface GenerationWorld extends TeamServer {
  promptId: string;
  v1: string;
  v2: string;
}

/** Starts the world (a suite's `before`; the suite closes `server` in `after`). */
export async function startGenerationWorld(): Promise<GenerationWorld> {
  const world = await startTeamServer();
  const { server, team } = world;
  const prompt = await createSourcePrompt(server, team.member.token, team.projectId, GREETING_SOURCE, 'support-reply');
  const v2 = await rest(server, 'POST', `/prompts/${prompt.id}/versions`, { token: team.member.token, json: { source: `${GREETING_SOURCE}!` } });
  expectStatus(v2, 201);
  expectStatus(await rest(server, 'PUT', `/prompts/${prompt.id}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
  return { ...world, promptId: prompt.id, v1: prompt.versionId, v2: v2.body.version.id as string };
}

let counter = 0;

/** A valid generation of `support-reply` with a fresh id; `fields` override. */
export function generation(fields: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    id: `gen-${process.pid}-${counter}`,
    prompt: { name: 'support-reply', label: 'production' },
    model: 'openai/gpt-4o-mini',
    input: { name: 'Ada' },
    output: 'Hello Ada',
    usage: { inputTokens: 1200, outputTokens: 300 },
    latencyMs: 420,
    status: 'success',
    startedAt: '2026-11-20T10:00:00.000Z',
    ...fields,
  };
}
