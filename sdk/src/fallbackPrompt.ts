/** A prompt read from a local `.prompt` file, served when the server cannot be reached on a first fetch. */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { renderPromptMetadata } from '@promptstack/core';
import { PromptStackError, describeError } from './errors.ts';
import { Prompt } from './prompt.ts';
import type { ModelConfig } from './types.ts';

/** Reads and parses `path` as the prompt `name` (its frontmatter gives model, config and input schema). */
export async function readFallbackPrompt(path: string, name: string, label: string | null): Promise<Prompt> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new PromptStackError(`Cannot read the fallback file for prompt '${name}' (${path}): ${describeError(error)}`, { cause: error });
  }
  let metadata;
  try {
    metadata = await renderPromptMetadata(source);
  } catch (error) {
    throw new PromptStackError(`The fallback file for prompt '${name}' (${path}) is not a valid .prompt: ${describeError(error)}`, { cause: error });
  }
  return new Prompt(
    {
      name,
      version: 0,
      label,
      source,
      model: metadata.model ?? null,
      config: (metadata.config ?? {}) as ModelConfig,
      inputSchema: metadata.input?.schema ?? null,
      contentHash: createHash('sha256').update(source).digest('hex'),
    },
    'fallback',
  );
}
