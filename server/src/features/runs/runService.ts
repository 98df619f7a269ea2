/**
 * The only code that writes TestRun rows. `executeRun` renders a version with an input, calls
 * the provider through core's runner (retries, Retry-After, timeouts, cancel, cost), evaluates
 * any assertions, and records the outcome: a failed or cancelled call is a recorded run with its
 * error, never an exception. Test runs, streams, dataset runs and A/B jobs all come through here.
 */
import { TRPCError } from '@trpc/server';
import type { ProviderCredentialsMap, ProviderRegistry } from '@promptstack/core/providers/createProvider';
import { resolveModel } from '@promptstack/core/providers/resolveModel';
import type { ModelConfig } from '@promptstack/core/providers/types';
import { prepareRun } from '@promptstack/core/runner/prepareRun';
import type { Message } from '@promptstack/core/render/renderPrompt';
import { runPrompt } from '@promptstack/core/runner/runPrompt';
import { runFailedBeforeCall } from '@promptstack/core/runner/failedRun';
import type { RunPromptOptions, RunResult } from '@promptstack/core/runner/types';
import { evaluateAssertions, judgeCostUsd, testPassed, type AssertionResult } from '@promptstack/core/testcases/evaluateAssertions';
import type { Assertion, ToolScript } from '@promptstack/core/testcases/schema';
import { scriptedToolHandler } from '@promptstack/core/testcases/scriptedTools';
import type { Env } from '../../env.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { runCredentials, runProviders } from '../providers/index.ts';
import { encodeRunError, runSelect, toRunOutput } from './runRecord.ts';
import { encodeStoredJson, encodeStoredText } from '../../db/storableText.ts';
import type { RunErrorKindName, RunOutput, SentMessageOutput } from './runSchemas.ts';
import type { RunTarget } from './runTarget.ts';
import { structuredColumns } from './structuredColumns.ts';
import { missingTemplateVariables } from './templateVariables.ts';

/** What `executeRun` needs from the app. */
export interface RunDeps {
  prisma: PrismaClient;
  env: Env;
}

/** One run's request. Only `input` is required. */
export interface RunRequest {
  input: Record<string, unknown>;
  /** Overrides the version's `model:`. */
  model?: string | undefined;
  /** Merged over the version's `config:`. */
  config?: Record<string, unknown> | undefined;
  userId?: string | null | undefined;
  rating?: number | undefined;
  feedback?: string | undefined;
  /** Aborting cancels the provider call; the run is recorded as cancelled. */
  signal?: AbortSignal | undefined;
  /** Receives streamed text; giving it makes the call stream. */
  onToken?: ((text: string) => void) | undefined;
  /**
   * Scripted tool results by tool name (a dataset item's, as a tests.yaml case writes them): the
   * model's tool calls are answered from them and the conversation runs to its final answer.
   */
  tools?: Readonly<Record<string, ToolScript>> | undefined;
  /** Evaluated on the output; the run is a success only when all of them hold. */
  assertions?: readonly Assertion[] | undefined;
  datasetItemId?: string | undefined;
  abTestId?: string | undefined;
  variantId?: string | undefined;
  /** Makes the run idempotent: a second call with the same key returns the first run unchanged. */
  jobKey?: string | undefined;
  /** Credentials resolved once for a batch (default: the workspace's, looked up per run). */
  credentials?: ProviderCredentialsMap | undefined;
  /** SDK clients shared across a batch (they keep connections alive). */
  providers?: ProviderRegistry | undefined;
  /** Runner knobs (tests and jobs): per-attempt timeout and retry policy. */
  timeoutMs?: number | undefined;
  retry?: RunPromptOptions['retry'];
}

function runnerOptions(target: RunTarget, request: RunRequest): RunPromptOptions {
  const options: RunPromptOptions = { source: target.source, input: request.input };
  // Without partials the renderer keeps its by-source cache.
  if (Object.keys(target.partials).length > 0) options.partials = target.partials;
  if (target.tools.length > 0) options.tools = target.tools;
  if (request.model) options.model = request.model;
  if (request.config) options.config = request.config as ModelConfig;
  return options;
}

/**
 * Renders and validates without calling anything: BAD_REQUEST naming the missing or wrongly typed
 * variable (against `input.schema`, or, without one, the variables the template always prints),
 * the unknown model, or the template error, before any provider request.
 */
export async function checkRunnable(target: RunTarget, request: Pick<RunRequest, 'input' | 'model' | 'config'>): Promise<void> {
  const prepared = await prepareRun(runnerOptions(target, request));
  if (!prepared.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: withPartialAdvice(prepared.failure.message) });
  const missing = missingTemplateVariables(target.source, request.input);
  if (missing.length) throw new TRPCError({ code: 'BAD_REQUEST', message: missing.map((name) => `Missing input variable '${name}'`).join('; ') });
}

/** The renderer's "The partial x could not be found", with what to do about it on the backend. */
function withPartialAdvice(message: string): string {
  const name = /The partial (\S+) could not be found/.exec(message)?.[1];
  if (!name) return message;
  return `${message}: this version was stored without it. Push the prompt again with _${name}.prompt beside it (or send it in \`partials\`), then run the new version.`;
}

/** The result of a run refused before any call (batch items are recorded, not rejected). */
async function unsentRun(target: RunTarget, request: RunRequest, message: string): Promise<RunResult> {
  const prepared = await prepareRun(runnerOptions(target, request));
  const model = prepared.ok ? prepared.run.modelId : prepared.failure.modelId;
  return runFailedBeforeCall({ model, error: { kind: 'invalid_input', message } });
}

function providerOf(result: RunResult): string {
  if (result.provider) return result.provider;
  const resolved = resolveModel(result.model);
  return resolved.ok ? resolved.model.provider : 'unknown';
}

/** The row's status and error text from the run and its assertions. */
function outcomeOf(result: RunResult, assertionsHeld: boolean, failedReasons: string[]): { status: 'SUCCESS' | 'ERROR' | 'CANCELLED'; error: string | null } {
  if (result.status === 'error') {
    const kind: RunErrorKindName = result.error?.kind ?? 'provider';
    return { status: kind === 'cancelled' ? 'CANCELLED' : 'ERROR', error: encodeRunError(kind, result.error?.message ?? 'The run failed') };
  }
  if (!assertionsHeld) return { status: 'ERROR', error: encodeRunError('assertion', failedReasons.join('; ')) };
  return { status: 'SUCCESS', error: null };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * A run just made: the recorded run plus the messages the runner sent, which are answered with it
 * but not stored (empty when this delivery found the run already recorded).
 */
export type ExecutedRun = RunOutput & { messages: SentMessageOutput[] };

/** A dotprompt message as the API answers it: role and parts, without dotprompt's metadata. */
function toSentMessage(message: Message): SentMessageOutput {
  return { role: message.role, content: message.content.map((part) => ({ ...part })) };
}

/** An assertion's outcome as a run row keeps it (the assertion itself is its test case's). */
function storedAssertion({ type, pass, reason, score, judge }: AssertionResult) {
  return { type, pass, reason, ...(score === undefined ? {} : { score }), ...(judge ? { judge: { ...judge } } : {}) };
}

/** Runs `target` once with `request` and records it. Never throws for a provider failure. */
export async function executeRun(deps: RunDeps, target: RunTarget, request: RunRequest): Promise<ExecutedRun> {
  const { prisma } = deps;
  if (request.jobKey) {
    const done = await prisma.testRun.findUnique({ where: { jobKey: request.jobKey }, select: runSelect });
    if (done) return { ...toRunOutput(done), messages: [] };
  }
  const credentials = request.credentials ?? (await runCredentials(prisma, deps.env, target.workspaceId));
  const providers = request.providers ?? runProviders(credentials);
  const missing = missingTemplateVariables(target.source, request.input);
  const result = missing.length
    ? await unsentRun(target, request, missing.map((name) => `Missing input variable '${name}'`).join('; '))
    : await runPrompt({
        ...runnerOptions(target, request),
        credentials,
        providers,
        signal: request.signal,
        onToken: request.onToken,
        timeoutMs: request.timeoutMs,
        retry: request.retry,
        // Without a script, a run whose answer calls tools ends there with the calls recorded.
        ...(request.tools ? { onToolCall: scriptedToolHandler(request.tools) } : {}),
      });
  const assertions = request.assertions?.length
    ? await evaluateAssertions(result, request.assertions, {
        input: request.input,
        judge: { credentials, providers, signal: request.signal },
      })
    : undefined;
  const held = assertions ? testPassed(result, assertions) : true;
  const { status, error } = outcomeOf(
    result,
    held,
    (assertions ?? []).filter((a) => !a.pass).map((a) => a.reason),
  );

  const data = {
    workspaceId: target.workspaceId,
    projectId: target.projectId,
    promptId: target.promptId,
    versionId: target.versionId,
    userId: request.userId ?? null,
    model: result.model || request.model || '',
    provider: providerOf(result),
    // Round-trip so the Json column receives plain data.
    // Provider text and run inputs may hold NUL or lone surrogates: stored escaped, so the call is always recorded.
    input: encodeStoredJson(JSON.parse(JSON.stringify(request.input)) as object),
    output: encodeStoredText(result.output),
    status,
    error: error === null ? null : encodeStoredText(error),
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    costUsd: result.costUsd,
    judgeCostUsd: assertions ? judgeCostUsd(assertions) : 0,
    latencyMs: Math.round(result.latencyMs),
    rating: request.rating ?? null,
    feedback: request.feedback ?? null,
    assertionResults: assertions ? encodeStoredJson(assertions.map(storedAssertion)) : undefined,
    ...structuredColumns(result),
    datasetItemId: request.datasetItemId ?? null,
    abTestId: request.abTestId ?? null,
    variantId: request.variantId ?? null,
    jobKey: request.jobKey ?? null,
    createdAt: new Date(result.startedAt),
    completedAt: new Date(),
  };
  try {
    const messages = result.messages.map(toSentMessage);
    return { ...toRunOutput(await prisma.testRun.create({ data, select: runSelect })), messages };
  } catch (error) {
    // Another delivery of the same job recorded it first: that run stands.
    if (request.jobKey && isUniqueViolation(error)) {
      return { ...toRunOutput(await prisma.testRun.findUniqueOrThrow({ where: { jobKey: request.jobKey }, select: runSelect })), messages: [] };
    }
    throw error;
  }
}

/** Sets (or clears, with null) a run's rating and feedback; NOT_FOUND when the run is not the prompt's. */
export async function rateRun(
  prisma: PrismaClient,
  promptId: string,
  runId: string,
  changes: { rating?: number | null | undefined; feedback?: string | null | undefined },
): Promise<RunOutput> {
  const data: { rating?: number | null; feedback?: string | null } = {};
  if (changes.rating !== undefined) data.rating = changes.rating;
  if (changes.feedback !== undefined) data.feedback = changes.feedback;
  const updated = await prisma.testRun.updateMany({ where: { id: runId, promptId }, data });
  if (updated.count === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `No run '${runId}' of prompt '${promptId}'` });
  return toRunOutput(await prisma.testRun.findUniqueOrThrow({ where: { id: runId }, select: runSelect }));
}
