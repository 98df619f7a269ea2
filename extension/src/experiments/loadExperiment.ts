/**
 * Reads a live experiment for its page: the backend's results (which also runs an evaluation, so
 * the page shows the latest look), the prompt's name, and what the signed-in user's role lets them
 * do with it (team/roles.ts).
 */
import type { BackendClient } from '../team/api/client.ts';
import { mayMoveLabels, movesDirectly, roleIn } from '../team/roles.ts';
import type { ExperimentData } from '../webviews/protocol.ts';

/** The experiment `experimentId` as its page shows it; throws the client's error. */
export async function loadExperiment(client: BackendClient, experimentId: string, now = new Date()): Promise<ExperimentData> {
  const results = await client.experimentResults.results.query({ id: experimentId });
  const prompt = await client.prompts.get.query({ id: results.experiment.promptId });
  const [role, guarded] = await Promise.all([roleIn(client, prompt.workspaceId), client.governance.protectedLabels.get.query({ id: prompt.projectId })]);
  const running = results.experiment.status === 'RUNNING';
  return {
    results,
    promptName: prompt.name,
    may: { stop: running && mayMoveLabels(role), promote: running && movesDirectly(role, results.experiment.labelName, guarded.labels) },
    readAt: now.toISOString(),
  };
}
