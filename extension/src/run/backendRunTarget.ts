/**
 * Signed-in runs of a linked file: the backend runs the file's stored version (`runs.stream`, a
 * tRPC subscription over SSE), records the run for the team and streams its tokens back. The
 * result comes back as core's `RunResult` (with the messages the backend sent), so the results
 * view treats it like a local run; the recorded run's id travels with it so a rating from the
 * page reaches the backend run.
 */
import type { Message, Part, RunError, RunErrorKind, RunResult } from '@promptstack/core';
import { toApiError } from '../team/api/errors.ts';
import type { RouterOutputs } from '../team/api/client.ts';
import type { Team } from '../team/team.ts';
import { createStreamClient, type StreamClient } from './backendStreamClient.ts';
import { runFailedBeforeCall } from '@promptstack/core/runner/failedRun';
import { describeRunError } from './runErrors.ts';
import type { RunOutcome, RunRequest, RunTarget } from './runTarget.ts';

/** The stored version a backend run uses. */
export interface BackendRunLink {
  promptId: string;
  versionId: string;
  versionNumber: number;
}

/** A run as the backend records it. */
export type BackendRun = RouterOutputs['runs']['test'];

/** Run error kinds the runner knows; the backend adds `assertion` for dataset cases. */
const RUN_ERROR_KINDS: readonly RunErrorKind[] = [
  'rate_limit',
  'auth',
  'timeout',
  'cancelled',
  'provider',
  'network',
  'invalid_input',
  'invalid_output',
  'tool_turns',
];

/** A run target on the backend, with the stored version it runs. */
export type BackendRunTarget = RunTarget & { readonly kind: 'backend'; readonly link: BackendRunLink };

/** Whether `target` runs on the backend (and so names its stored version). */
export function isBackendTarget(target: RunTarget): target is BackendRunTarget {
  return target.kind === 'backend' && 'link' in target;
}

/** A run target that runs `link`'s version on the backend with the signed-in session. */
export function createBackendRunTarget(team: Team, link: BackendRunLink): BackendRunTarget {
  return {
    kind: 'backend',
    link,
    async run(request: RunRequest): Promise<RunOutcome> {
      const backendUrl = team.deps.backendUrl();
      const client = createStreamClient(backendUrl, () => team.auth.current()?.accessToken);
      const startedAt = new Date().toISOString();
      try {
        const run = await streamRun(client, link, request);
        return outcomeOf(run, link, startedAt);
      } catch (error) {
        if (request.signal?.aborted) return failed(request, startedAt, { kind: 'cancelled', message: 'The run was cancelled.' }, 'The run was cancelled.');
        const apiError = toApiError(error, 'this prompt', backendUrl);
        // Refused before running (a bad input, spend limit, no access): nothing was recorded.
        const kind: RunErrorKind = apiError.status === 400 ? 'invalid_input' : apiError.status === 0 ? 'network' : 'provider';
        return failed(request, startedAt, { kind, message: apiError.message, ...(apiError.status ? { status: apiError.status } : {}) }, apiError.message);
      }
    },
  };
}

/** Subscribes to `runs.stream` and resolves with the recorded run; unsubscribing on abort cancels it on the backend. */
function streamRun(client: StreamClient, link: BackendRunLink, request: RunRequest): Promise<BackendRun> {
  return new Promise<BackendRun>((resolve, reject) => {
    let settled = false;
    const subscription = client.runs.stream.subscribe(
      { id: link.promptId, versionId: link.versionId, input: request.input, ...(request.model ? { model: request.model } : {}) },
      {
        onData(event) {
          if (event.type === 'token') request.onToken?.(event.text);
          else if (event.type === 'done' && !settled) {
            settled = true;
            subscription.unsubscribe();
            resolve(event.run);
          }
        },
        onError(error) {
          if (settled) return;
          settled = true;
          subscription.unsubscribe();
          reject(error);
        },
        onComplete() {
          if (!settled) reject(new Error('The backend ended the run stream without a result'));
        },
      },
    );
    request.signal?.addEventListener(
      'abort',
      () => {
        if (settled) return;
        settled = true;
        subscription.unsubscribe();
        reject(new Error('cancelled'));
      },
      { once: true },
    );
  });
}

/** The recorded run as a runner result, with the sentence for its error. */
function outcomeOf(run: BackendRun, link: BackendRunLink, startedAt: string): RunOutcome {
  const kind = RUN_ERROR_KINDS.find((k) => k === run.errorKind) ?? 'provider';
  const error: RunError | undefined = run.status === 'error' ? { kind, message: run.error ?? 'The run failed' } : undefined;
  const result: RunResult = {
    status: run.status,
    output: run.output ?? '',
    messages: run.messages.map(sentMessage),
    model: run.model,
    config: {},
    inputTokens: run.inputTokens,
    outputTokens: run.outputTokens,
    costUsd: run.costUsd,
    priced: run.costUsd > 0 || run.status === 'error',
    latencyMs: run.latencyMs,
    durationMs: run.latencyMs,
    startedAt: run.createdAt || startedAt,
    attempts: 1,
    ...(error ? { error } : {}),
    // The recorded JSON answer and tool calls, as a local run gives them.
    ...(run.schemaValid !== null ? { schemaValid: run.schemaValid, ...(run.outputJson !== null ? { outputJson: run.outputJson } : {}) } : {}),
    ...(run.toolCalls.length ? { toolCalls: run.toolCalls.map((call) => ({ ...call, arguments: call.arguments })) } : {}),
  };
  return {
    result,
    target: 'backend',
    recorded: { promptId: link.promptId, runId: run.id, versionNumber: link.versionNumber },
    errorText: error ? backendErrorText(error, run.provider) : undefined,
  };
}

/** A message the backend says it sent, as core's message (the API answers dotprompt's parts as plain objects). */
function sentMessage(message: BackendRun['messages'][number]): Message {
  return { role: message.role, content: message.content as Part[] };
}

/** Like a local error's sentence, but a rejected key is the workspace's, not the user's. */
function backendErrorText(error: RunError, provider: string): string {
  if (error.kind === 'auth')
    return `The workspace's ${provider} key was rejected on PromptStack: ${error.message}. A workspace admin can replace it in the workspace's provider settings.`;
  return `On PromptStack: ${describeRunError(error, { provider })}`;
}

function failed(request: RunRequest, startedAt: string, error: RunError, errorText: string): RunOutcome {
  return { result: runFailedBeforeCall({ model: request.model ?? '', error, startedAt }), target: 'backend', errorText };
}
