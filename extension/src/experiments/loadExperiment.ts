/**
 * Reads a live experiment for its page: the backend's results (which also runs an evaluation, so
 * the page shows the latest look), the prompt's name, and what the signed-in user's role lets them
 * do with it (team/roles.ts).
 */
import type { BackendClient } from '../team/api/client.ts';
import { movesDirectly, roleIn } from '../team/roles.ts';
import type { ExperimentData } from '../webviews/protocol.ts';

/** The experiment `experimentId` as its page shows it; throws the client's error. */
export async function loadExperiment(client: BackendClient, experimentId: string, now = new Date()): Promise<ExperimentData> {
  const results = await client.experimentResults.results.query({ id: experimentId });
  const prompt = await client.prompts.get.query({ id: results.experiment.promptId });
  const [role, guarded] = await Promise.all([roleIn(client, prompt.workspaceId), client.governance.protectedLabels.get.query({ id: prompt.projectId })]);
  // Stop and Promote both move the label (back to the control, or onto an arm): the rule of a direct move.
  const ends = results.experiment.status === 'RUNNING' && movesDirectly(role, results.experiment.labelName, guarded.labels);
  return {
    results,
    promptName: prompt.name,
    may: { stop: ends, promote: ends },
    readAt: now.toISOString(),
  };
}
