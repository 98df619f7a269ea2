/**
 * The messages a run sends its provider, for the doors that answer a run just made (`runs.test`,
 * `runs.stream`'s `done`). They are rendered from the same source, input, model and config that
 * `executeRun` hands core's runner, and dotprompt's rendering is deterministic, so they are the
 * messages the runner sent. They are not stored: a recorded run keeps its input and version.
 */
import type { Message } from '@promptstack/core/render/renderPrompt';
import type { ModelConfig } from '@promptstack/core/providers/types';
import { prepareRun } from '@promptstack/core/runner/prepareRun';
import type { RunRequest } from './runService.ts';
import type { SentMessageOutput } from './runSchemas.ts';
import type { RunTarget } from './runTarget.ts';

/** The rendered messages of `request` on `target`; empty when the run cannot render (it is refused or recorded as `invalid_input`). */
export async function renderSentMessages(target: RunTarget, request: Pick<RunRequest, 'input' | 'model' | 'config'>): Promise<SentMessageOutput[]> {
  const prepared = await prepareRun({
    source: target.source,
    input: request.input,
    ...(request.model ? { model: request.model } : {}),
    ...(request.config ? { config: request.config as ModelConfig } : {}),
  });
  return prepared.ok ? prepared.run.messages.map(toSentMessage) : [];
}

/** A dotprompt message as the API answers it: role and parts, without dotprompt's metadata. */
function toSentMessage(message: Message): SentMessageOutput {
  return { role: message.role, content: message.content.map((part) => ({ ...part })) };
}
