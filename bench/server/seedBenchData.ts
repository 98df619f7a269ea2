/**
 * The data http.bench.ts loads, made through our own REST API so it is exactly what users make:
 * a user and session token, a workspace, a project, one prompt to read (with a `production`
 * label) and a set of prompts per side to write new versions to.
 */

/** What the load runs address. */
export interface BenchData {
  token: string;
  workspaceId: string;
  projectId: string;
  readPromptId: string;
  oursWritePromptIds: string[];
  bareWritePromptIds: string[];
}

/** Seeds `baseUrl` (our server) with a user, a workspace, and the prompts the bench reads and writes. */
export async function seedBenchData(baseUrl: string, writePrompts: number): Promise<BenchData> {
  const call = async <T>(path: string, init: { method?: string; json?: unknown; token?: string } = {}): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    const body = (await res.json()) as T;
    if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const credentials = { email: 'bench@example.com', password: 'correct horse battery' };
  // The prompt read by name (serving.bench.ts) is `read`, labelled production.
  await call('/api/auth/signup', { method: 'POST', json: { name: 'Bench', ...credentials } });
  const { token } = await call<{ token: string }>('/api/auth/signin', { method: 'POST', json: credentials });
  const workspace = await call<{ id: string }>('/api/workspaces', { method: 'POST', token, json: { name: 'Bench' } });
  const project = await call<{ id: string }>('/api/projects', { method: 'POST', token, json: { workspaceId: workspace.id, name: 'Bench' } });
  const createPrompt = async (name: string) => {
    const prompt = await call<{ id: string }>('/api/prompts', {
      method: 'POST',
      token,
      json: { projectId: project.id, name, content: 'Hello {{name}}, how can I help?', description: 'bench', model: 'openai/gpt-4o-mini', temperature: 0.2 },
    });
    return prompt.id;
  };
  const readPromptId = await createPrompt('read');
  await call(`/api/prompts/${readPromptId}/labels/production`, { method: 'PUT', token, json: { versionNumber: 1 } });
  const oursWritePromptIds: string[] = [];
  const bareWritePromptIds: string[] = [];
  for (let i = 0; i < writePrompts; i++) {
    oursWritePromptIds.push(await createPrompt(`ours-${i}`));
    bareWritePromptIds.push(await createPrompt(`bare-${i}`));
  }
  return { token, workspaceId: workspace.id, projectId: project.id, readPromptId, oursWritePromptIds, bareWritePromptIds };
}
