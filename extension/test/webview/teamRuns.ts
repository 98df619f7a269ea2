/**
 * The analytics page's data for the webview test: on the backend the driver started, a user with
 * a "Support desk" workspace whose OpenAI key reaches the local provider, the fixture prompt
 * stored there, a few runs recorded through the backend's runner on two models, and the
 * extension signed in as that user.
 */
import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { BackendClient } from '../../src/team/api/client.ts';
import { TEST_KEY } from '../suite/runTestHelpers.ts';
import { createBackendUser, useTestBackend, type BackendUser } from '../suite/syncSupport.ts';

/** The workspace the screenshot shows. */
export const ANALYTICS_WORKSPACE = 'Support desk';

/** Customers and their issues, one run each per model. */
const TICKETS = [
  { customer: 'Ada', issue: 'I was charged twice this month.' },
  { customer: 'Grace', issue: 'The dashboard has been down since 9am.' },
  { customer: 'Linus', issue: 'I cannot invite a new teammate.' },
  { customer: 'Margaret', issue: 'Exports time out on large projects.' },
];

/** Records the runs and signs the extension in; resolves with the workspace, the stored prompt and the signed-in user (and their client). */
export async function recordTeamRuns(
  api: PromptStackApi,
  provider: LocalProviderServer,
  promptUri: vscode.Uri,
): Promise<{ workspaceId: string; promptId: string; client: BackendClient; user: BackendUser }> {
  await useTestBackend();
  const user = await createBackendUser('Grace');
  const { client } = user;
  const workspace = await client.workspaces.create.mutate({ name: ANALYTICS_WORKSPACE });
  const project = await client.projects.create.mutate({ workspaceId: workspace.id, name: 'Replies' });
  await client.providers.put.mutate({ id: workspace.id, provider: 'openai', apiKey: TEST_KEY, baseUrl: provider.openaiBaseUrl });
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(promptUri));
  const prompt = await client.prompts.create.mutate({ projectId: project.id, name: 'support-reply', content });
  // gpt-4o-mini for every ticket, gpt-4o for the first three: two models to chart side by side.
  await Promise.all([
    ...TICKETS.map((input) => client.runs.test.mutate({ id: prompt.id, input })),
    ...TICKETS.slice(0, 3).map((input) => client.runs.test.mutate({ id: prompt.id, input, model: 'openai/gpt-4o' })),
  ]);
  // One case graded by an llm-judge assertion: an eighth run, and judge spend beside run spend.
  const graded = await client.datasets.create.mutate({
    projectId: project.id,
    name: 'graded replies',
    items: [{ input: TICKETS[0]!, assertions: [{ type: 'llm-judge', rubric: 'Is the reply polite?' }] }],
  });
  await client.datasets.run.mutate({ id: graded.id, promptId: prompt.id });
  await api.team.signInWithPassword(user.email, user.password);
  return { workspaceId: workspace.id, promptId: prompt.id, client, user };
}
