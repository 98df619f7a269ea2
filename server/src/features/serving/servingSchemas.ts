/** Input and output of the serving route (`GET /api/v1/prompts/{name}`). */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { labelNameSchema, toolDefinitionOutput } from '../prompts/index.ts';

/** The label served when neither `label` nor `version` is given. */
export const DEFAULT_SERVED_LABEL = 'production';

/** `?label=` or `?version=` (not both); `projectId` for callers not bound to one project. */
export const servePromptInput = z.object({
  name: z.string().trim().min(1).max(200),
  label: labelNameSchema.optional(),
  version: z.number().int().min(1).max(2_147_483_647).optional(),
  projectId: idSchema.optional(),
});

/** A prompt as applications receive it: the `.prompt` source as stored, and what it declares. */
export const servedPromptOutput = z.object({
  name: z.string(),
  version: z.number().int(),
  /** The label asked for (or the default); null when a version number was asked for. */
  label: z.string().nullable(),
  source: z.string(),
  model: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  /** The frontmatter's `input.schema` as written (Picoschema or JSON Schema), null when none. */
  inputSchema: z.unknown(),
  contentHash: z.string(),
  /** The tool definitions its `tools:` names resolved to when it was pushed (files beside the prompt). */
  tools: z.array(toolDefinitionOutput),
});

/** One arm of a split label: a version with its weight and everything needed to use it. */
export const servedArmOutput = z.object({
  version: z.number().int(),
  /** A positive integer; the arm's share is its weight over the sum of the weights. */
  weight: z.number().int(),
  source: z.string(),
  model: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  inputSchema: z.unknown(),
  contentHash: z.string(),
  /** The tool definitions the arm's version was pushed with. */
  tools: z.array(toolDefinitionOutput),
});

/**
 * A label split by a live experiment: every arm with its weight. Clients assign an arm themselves
 * from a hash of (experimentId, unit key); the SDK's README gives the algorithm.
 */
export const servedSplitOutput = z.object({
  name: z.string(),
  label: z.string(),
  experimentId: z.string(),
  /** The end-user attribute assignment sticks to; null: assign per call. */
  stickyBy: z.string().nullable(),
  /** By version number. */
  arms: z.array(servedArmOutput),
});

/** What the serving route answers: one version, or the arms of a split label. */
export const servedAnswerOutput = z.union([servedPromptOutput, servedSplitOutput]);

export type ServePromptInput = z.infer<typeof servePromptInput>;
export type ServedPromptOutput = z.infer<typeof servedPromptOutput>;
export type ServedSplitOutput = z.infer<typeof servedSplitOutput>;
export type ServedArmOutput = z.infer<typeof servedArmOutput>;
