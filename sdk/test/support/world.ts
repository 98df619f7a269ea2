/**
 * One real server per test run, with a signed-up admin, a project, a prompt labelled `production`
 * and an API key for it. Started on first use and killed when mocha ends.
 */
import { api, TestBackend } from './backend.ts';

export interface World {
  backend: TestBackend;
  /** The admin's session token (for setting things up as a person would). */
  token: string;
  workspaceId: string;
  projectId: string;
  /** An API key limited to the project, with `prompts:read` and `generations:write`. */
  apiKey: string;
  /** Creates a prompt from `content` and labels its version 1 `production`; answers its id. */
  createPrompt(name: string, content: string, model?: string): Promise<string>;
  /** Adds a version with `source` and moves `label` to it; answers the version number. */
  publish(promptId: string, source: string, label?: string): Promise<number>;
}

let started: Promise<World> | undefined;
let backend: TestBackend | undefined;

/** The shared world, started once. */
export function world(): Promise<World> {
  started ??= startWorld();
  return started;
}

async function startWorld(): Promise<World> {
  backend = await TestBackend.start();
  const { url } = backend;
  const credentials = { email: 'ada@example.com', password: 'correct horse battery' };
  await api(url, 'POST', '/auth/signup', undefined, { name: 'Ada', ...credentials });
  const token = (await api(url, 'POST', '/auth/signin', undefined, credentials)).token as string;
  const workspaceId = (await api(url, 'GET', '/workspaces', token))[0].id as string;
  const projectId = (await api(url, 'POST', '/projects', token, { workspaceId, name: 'Support' })).id as string;
  const key = await api(url, 'POST', `/workspaces/${workspaceId}/api-keys`, token, {
    name: 'sdk tests',
    projectId,
    scopes: ['prompts:read', 'generations:write'],
  });
  const createPrompt = async (name: string, content: string, model = 'openai/gpt-4o-mini') => {
    const id = (await api(url, 'POST', '/prompts', token, { name, content, projectId, model })).id as string;
    await api(url, 'PUT', `/prompts/${id}/labels/production`, token, { versionNumber: 1 });
    return id;
  };
  const publish = async (promptId: string, source: string, label = 'production') => {
    const latest = (await api(url, 'GET', `/prompts/${promptId}`, token)).latestVersion.number as number;
    const created = await api(url, 'POST', `/prompts/${promptId}/versions`, token, { source, baseVersion: latest });
    const version = created.latestVersion.number as number;
    await api(url, 'PUT', `/prompts/${promptId}/labels/${label}`, token, { versionNumber: version });
    return version;
  };
  return { backend, token, workspaceId, projectId, apiKey: key.key as string, createPrompt, publish };
}

// Under mocha a top-level hook runs after every test file: the server goes with the run (benches have no mocha).
if (typeof after === 'function') after(() => backend?.dispose());
process.once('exit', () => backend?.kill());

/** Kills the shared server now (benches, which have no mocha hooks). */
export function stopWorld(): void {
  backend?.kill();
}
