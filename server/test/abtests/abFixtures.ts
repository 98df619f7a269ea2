/**
 * Fixtures for the A/B suites: a prompt with two versions on two models (A: gpt-4o-mini, B:
 * gpt-4.1-mini), an A/B test of the two, a dataset of greetings, and polling the test until a
 * condition holds.
 */
import assert from 'node:assert/strict';
import type { HttpTarget } from '../helpers/server.ts';
import { createSourcePrompt } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';

/** Model of variant A (scripted slow and unreliable where a test wants it). */
export const MODEL_A = 'gpt-4o-mini';
/** Model of variant B. */
export const MODEL_B = 'gpt-4.1-mini';

const sourceFor = (model: string) => `---
model: openai/${model}
input:
  schema:
    name: string
---
Hello {{name}}`;

/** A prompt whose version 1 runs on MODEL_A and version 2 on MODEL_B. */
export async function createTwoVersionPrompt(
  server: HttpTarget,
  token: string,
  projectId: string,
  name = 'greeting',
): Promise<{ promptId: string; versionA: string; versionB: string }> {
  const { id, versionId } = await createSourcePrompt(server, token, projectId, sourceFor(MODEL_A), name);
  const second = await rest(server, 'POST', `/prompts/${id}/versions`, { token, json: { source: sourceFor(MODEL_B) } });
  expectStatus(second, 201);
  return { promptId: id, versionA: versionId, versionB: second.body.version.id as string };
}

/**
 * Starts an A/B test of `prompt`'s two versions (A and B) on `inputCount` greetings named
 * `<name> <i>`, by latency; answers its id (202).
 */
export async function startGreetingAbTest(
  server: HttpTarget,
  token: string,
  projectId: string,
  prompt: { promptId: string; versionA: string; versionB: string },
  name: string,
  inputCount: number,
): Promise<string> {
  const answer = await rest(server, 'POST', '/ab-tests', {
    token,
    json: {
      name,
      projectId,
      inputs: Array.from({ length: inputCount }, (_, i) => ({ name: `${name} ${i}` })),
      primaryMetric: 'latency',
      variants: [
        { name: 'A', promptId: prompt.promptId, versionId: prompt.versionA },
        { name: 'B', promptId: prompt.promptId, versionId: prompt.versionB },
      ],
    },
  });
  expectStatus(answer, 202);
  return answer.body.id as string;
}

/** A dataset of `count` greetings in `projectId`. */
export async function createDataset(server: HttpTarget, token: string, projectId: string, count: number): Promise<string> {
  const items = Array.from({ length: count }, (_, i) => ({ input: { name: `Person ${i}` } }));
  const answer = await rest(server, 'POST', '/datasets', { token, json: { projectId, name: `greetings-${count}`, items } });
  expectStatus(answer, 201);
  return answer.body.id as string;
}

/** GET /api/ab-tests/{id} until `done(body)` holds; fails after `timeoutMs` showing the last body. */
export async function waitForTest(server: HttpTarget, token: string, id: string, done: (body: any) => boolean, timeoutMs = 45_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const answer = await rest(server, 'GET', `/ab-tests/${id}`, { token });
    expectStatus(answer, 200);
    last = answer.body;
    if (done(last)) return last;
    // Polling interval of an observer, not a synchronisation point: the condition decides.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`A/B test ${id} did not reach the expected state: ${JSON.stringify(last).slice(0, 2000)}`);
}

/** True once a test has stopped (completed, failed or cancelled). */
export const finished = (body: { status: string }) => ['completed', 'failed', 'cancelled'].includes(body.status);
