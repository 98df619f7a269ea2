/**
 * Zod inputs and outputs of the generations feature. The batch is accepted loosely (any items,
 * counted against MAX_GENERATIONS_PER_BATCH by the service, which answers 413 above it) and each
 * item is validated on its own with `generationItem.safeParse`, so one bad item is rejected with
 * its reason and never sinks the batch.
 */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';

/** Most generations one `POST /api/v1/generations` may carry; more answers 413. */
export const MAX_GENERATIONS_PER_BATCH = 1000;
/** Largest JSON body that route accepts (1,000 generations with their inputs and outputs); more answers 413. */
export const GENERATIONS_BODY_LIMIT = '16mb';
/** Longest output text stored per generation. */
export const MAX_OUTPUT_CHARS = 1_000_000;

const shortText = z.string().trim().min(1).max(200);
const tokenCount = z.number().int().min(0).max(2_147_483_647);

/** One generation as an application reports it. */
export const generationItem = z.object({
  /** Client-made id, unique within the workspace: a repeated id is a duplicate and changes nothing. */
  id: z.string().trim().min(1).max(128),
  prompt: z.object({
    name: shortText,
    /** Version number; wins over `label` when both are given. */
    version: z.number().int().min(1).optional(),
    /** Label the prompt was fetched by (`production`); without version and label, the latest version. */
    label: z.string().trim().min(1).max(100).optional(),
    /**
     * The live experiment that served it (a split label), whose arm is the version: it must be an
     * experiment of this prompt with this version among its arms, else the item is rejected.
     */
    experimentId: idSchema.optional(),
  }),
  /** Model id as called (`openai/gpt-4o-mini`). */
  model: shortText,
  provider: z.string().trim().min(1).max(100).optional(),
  /** The variables (or messages) the prompt was rendered with. */
  input: z.unknown().refine((v) => v !== undefined, 'is required'),
  output: z.string().max(MAX_OUTPUT_CHARS),
  usage: z.object({ inputTokens: tokenCount, outputTokens: tokenCount }),
  latencyMs: z.number().int().min(0).max(2_147_483_647),
  status: z.enum(['success', 'error']),
  error: z.string().max(10_000).optional(),
  /** What the call cost; without it, priced from the model price list at `startedAt`. */
  costUsd: z.number().min(0).max(1_000_000).optional(),
  /** The application's end user. */
  userId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** When the call started (default: when the server received it). */
  startedAt: z.iso.datetime({ offset: true }).optional(),
});
export type GenerationItem = z.infer<typeof generationItem>;

/** `POST /api/v1/generations` */
export const generationBatchInput = z.object({
  /** Required when signed in as a user; an API key acts in its own workspace. */
  workspaceId: idSchema.optional(),
  /** Where prompt names are looked up when the workspace has several prompts of that name. */
  projectId: idSchema.optional(),
  generations: z.array(z.unknown()),
});
/** A batch placed in its workspace (and project) by the caller's access. */
export type GenerationBatchInput = z.infer<typeof generationBatchInput> & { workspaceId: string };

/** Why one item was not stored. */
export const rejectedItem = z.object({ index: z.number().int(), id: z.string().nullable(), error: z.string() });

export const generationBatchOutput = z.object({
  /** Items stored by this call. */
  accepted: z.number().int(),
  /** Valid items whose id was already stored (by an earlier call or earlier in this batch): nothing changed. */
  duplicates: z.number().int(),
  rejected: z.array(rejectedItem),
});
export type GenerationBatchOutput = z.infer<typeof generationBatchOutput>;

/** `POST /api/v1/scores` */
export const scoreInput = z.object({
  /** Required when signed in as a user; an API key acts in its own workspace. */
  workspaceId: idSchema.optional(),
  /** The generation's client-made id. */
  generationId: z.string().trim().min(1).max(128),
  /** What is scored (`thumbs`, `rating`, `correct`). */
  name: z.string().trim().min(1).max(100),
  value: z.number().finite(),
  comment: z.string().max(10_000).optional(),
});
/** A score placed in its workspace by the caller's access. */
export type ScoreInput = z.infer<typeof scoreInput> & { workspaceId: string };

export const scoreOutput = z.object({
  id: z.string(),
  generationId: z.string(),
  name: z.string(),
  value: z.number(),
  comment: z.string().nullable(),
  createdAt: z.string(),
});
