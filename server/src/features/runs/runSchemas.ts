/** Zod inputs and outputs of the test-run procedures (one place for both doors and the SSE route). */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';

/** A run's input variables: a JSON object, bounded so a run cannot carry megabytes. */
export const runInputSchema = z
  .record(z.string().max(200), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 200_000, 'input must be at most 200 KB of JSON');

const rating = z.number().int().min(1).max(5);
const feedback = z.string().max(5000);
/** Model settings merged over the version's frontmatter `config` (temperature, maxOutputTokens, ...). */
const configOverride = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 16_384, 'config must be at most 16 KB of JSON');

/** `POST /api/prompts/{id}/test` (the seed's body plus optional overrides). */
export const testRunInput = z.object({
  id: idSchema,
  input: runInputSchema.default({}),
  rating: rating.optional(),
  feedback: feedback.optional(),
  /** Which version to run (default: the latest). */
  versionId: idSchema.optional(),
  /** Overrides the version's `model:` (`openai/gpt-4o-mini`, `anthropic/claude-3-5-haiku`). */
  model: z.string().trim().min(1).max(200).optional(),
  config: configOverride.optional(),
});

/** `GET /api/prompts/{id}/test?page=&pageSize=&versionId=` */
export const listRunsInput = z.object({
  id: idSchema,
  versionId: idSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** `PUT /api/prompts/{id}/test/{runId}`: rate a run later (null clears). */
export const rateRunInput = z.object({
  id: idSchema,
  runId: idSchema,
  rating: rating.nullable().optional(),
  feedback: feedback.nullable().optional(),
});

/** Why a run failed, as the runner classifies it, plus `assertion` for a dataset case that did not hold. */
export const runErrorKindSchema = z.enum([
  'rate_limit',
  'auth',
  'timeout',
  'cancelled',
  'provider',
  'network',
  'invalid_input',
  /** The answer did not parse as JSON or did not meet `output.schema` (the message lists each violation). */
  'invalid_output',
  /** The model kept calling tools past the run's bound on tool turns. */
  'tool_turns',
  'assertion',
]);

/** One tool call the model made during a run, with the result it was given (absent when none was). */
export const toolCallOutput = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.unknown(),
  result: z.unknown().optional(),
  /** The model turn (1-based) that made the call. */
  turn: z.number().int(),
});

/** One assertion's outcome on a run; an llm-judge one says what its judge call used. */
export const assertionResultOutput = z.object({
  type: z.string(),
  pass: z.boolean(),
  reason: z.string(),
  score: z.number().optional(),
  judge: z.object({ model: z.string(), inputTokens: z.number().int(), outputTokens: z.number().int(), costUsd: z.number() }).optional(),
});

/** A recorded run, as every door answers it. */
export const runOutput = z.object({
  id: z.string(),
  status: z.enum(['success', 'error']),
  output: z.string().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  /** What the run's llm-judge assertions cost (their own calls); 0 without any. */
  judgeCostUsd: z.number(),
  latencyMs: z.number().int(),
  model: z.string(),
  provider: z.string(),
  promptId: z.string(),
  versionId: z.string(),
  input: z.record(z.string(), z.unknown()),
  error: z.string().optional(),
  errorKind: runErrorKindSchema.optional(),
  rating: z.number().int().nullable(),
  feedback: z.string().nullable(),
  assertions: z.array(assertionResultOutput).optional(),
  /** The parsed answer when the prompt declares `output.format: json`; null otherwise, or when it did not parse. */
  outputJson: z.unknown(),
  /** Whether the answer met `output.schema` (or parsed, without one); null when the prompt declares no JSON output. */
  schemaValid: z.boolean().nullable(),
  /** The tool calls the model made, in order (empty without any). */
  toolCalls: z.array(toolCallOutput),
  datasetItemId: z.string().nullable(),
  createdAt: z.string(),
});

/**
 * One message the runner sent the provider, as dotprompt rendered it: a role and its parts
 * (`{ text }`, `{ media: { url, contentType } }`, ...). Answered by the doors that run, never
 * stored: the recorded run keeps its input, from which the messages render again.
 */
export const sentMessageOutput = z.object({
  role: z.enum(['system', 'user', 'model', 'tool']),
  content: z.array(z.record(z.string(), z.unknown())),
});

/** A run just made: the recorded run plus the messages sent (`POST .../test`, the stream's `done`). */
export const executedRunOutput = runOutput.extend({ messages: z.array(sentMessageOutput) });

export const runPageOutput = z.object({ items: z.array(runOutput), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** What the streaming doors send: text as it comes, then the recorded run. */
export const runStreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('token'), text: z.string() }),
  z.object({ type: z.literal('done'), run: executedRunOutput }),
]);

export type TestRunInput = z.infer<typeof testRunInput>;
export type RunOutput = z.infer<typeof runOutput>;
export type SentMessageOutput = z.infer<typeof sentMessageOutput>;
export type ExecutedRunOutput = z.infer<typeof executedRunOutput>;
export type RunErrorKindName = z.infer<typeof runErrorKindSchema>;
export type ToolCallOutput = z.infer<typeof toolCallOutput>;
export type RunStreamEvent = z.infer<typeof runStreamEvent>;
