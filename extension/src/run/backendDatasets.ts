/**
 * The backend datasets a linked prompt can run over: every dataset of the prompt's project, with
 * its items (input and assertions), through the typed client (`prompts.get` for the project,
 * `datasets.list`, `datasets.get`). "Run with..." offers their rows as inputs and the Test
 * Explorer lists them as test cases. Signed out or unlinked, there are none; a backend that
 * cannot be reached is a message, never an exception.
 */
import type { RouterOutputs } from '../team/api/client.ts';
import { toApiError } from '../team/api/errors.ts';
import { readLinkedId } from '@promptstack/core/format/syncFields';
import type { Team } from '../team/team.ts';

/** A dataset with its items, as `datasets.get` answers it. */
export type BackendDataset = RouterOutputs['datasets']['get'];
/** One item: `input`, `assertions` (core's), `index`. */
export type BackendDatasetItem = BackendDataset['items'][number];

/** What a file's datasets are: none (signed out, unlinked), the list, or why they could not be read. */
export type LinkedDatasets =
  { kind: 'none' } | { kind: 'datasets'; promptId: string; datasets: BackendDataset[] } | { kind: 'error'; promptId: string; message: string };

/** The datasets of the project of the prompt `source` is linked to (`promptstack.id`). */
export async function linkedPromptDatasets(team: Team | undefined, source: string): Promise<LinkedDatasets> {
  if (!team) return { kind: 'none' };
  const promptId = readLinkedId(source);
  if (!promptId) return { kind: 'none' };
  await team.auth.ready;
  if (!team.auth.current()) return { kind: 'none' };
  try {
    const client = team.client();
    const prompt = await client.prompts.get.query({ id: promptId });
    const summaries = await client.datasets.list.query({ projectId: prompt.projectId });
    const datasets = await Promise.all(summaries.map((summary) => client.datasets.get.query({ id: summary.id })));
    return { kind: 'datasets', promptId, datasets };
  } catch (error) {
    return { kind: 'error', promptId, message: toApiError(error, "this prompt's datasets", team.deps.backendUrl()).message };
  }
}

/** A short label for an item: `#2 {"name":"Ada"}` (inputs cut at 60 characters). */
export function datasetItemLabel(item: BackendDatasetItem): string {
  const input = JSON.stringify(item.input);
  return `#${item.index + 1} ${input.length > 60 ? `${input.slice(0, 59)}…` : input}`;
}
