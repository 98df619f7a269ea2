/**
 * The baseline of a `--baseline <label>` run: for each prompt linked to the backend
 * (`promptstack.id` in its frontmatter), the version that label points at, fetched with the sync
 * client. Partials resolve beside the prompt in the working tree (the backend keeps prompts, not
 * partial files). A prompt that is not linked, or whose backend prompt has no such label, has no
 * baseline.
 */
import { readLinkedId } from '@promptstack/core/format/syncFields';
import type { BackendClient } from '../backend/backendClient.ts';
import type { PromptVersion } from './baselineSources.ts';
import type { Suite } from './discoverSuites.ts';
import { partialsBeside } from './runSuites.ts';

/** Each suite's prompt at the backend label, with the version number it resolved to. */
export async function promptsAtLabel(label: string, suites: readonly Suite[], client: BackendClient): Promise<Map<Suite, PromptVersion & { version: number }>> {
  const versions = new Map<Suite, PromptVersion & { version: number }>();
  for (const suite of suites) {
    const id = suite.source === undefined ? undefined : readLinkedId(suite.source);
    if (!id) continue;
    const prompt = await client.prompt(id);
    const number = prompt.labels.find((l) => l.name === label)?.versionNumber;
    if (number === undefined) continue;
    const { source } = await client.version(id, number);
    versions.set(suite, { source, partialResolver: partialsBeside(suite.promptFile), version: number });
  }
  return versions;
}
