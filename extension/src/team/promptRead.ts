/**
 * A prompt with its labels as the labels route answers them (a split label with its `split` and
 * `experimentId`). The prompt read (`prompts.get`) lists labels without their split, so both
 * are asked for at once: the client batches them into one HTTP request.
 */
import type { BackendClient, RouterOutputs } from './api/client.ts';

/** A label of a prompt, with its split and experiment while one runs. */
export type PromptLabel = RouterOutputs['prompts']['labels']['list'][number];

/** `prompts.get` of `promptId`, its labels replaced by the labels route's; throws the client's error. */
export async function readPromptWithLabels(
  client: BackendClient,
  promptId: string,
): Promise<Omit<RouterOutputs['prompts']['get'], 'labels'> & { labels: PromptLabel[] }> {
  const [prompt, labels] = await Promise.all([client.prompts.get.query({ id: promptId }), client.prompts.labels.list.query({ id: promptId })]);
  return { ...prompt, labels };
}
