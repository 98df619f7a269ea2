/** Zod inputs and outputs of the experiments procedures (list, get, promote, guardrails). */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { experimentSettingsSchema } from './experimentGuardrailSettings.ts';

/** `GET /api/prompts/{id}/experiments`: newest first; `status` narrows to running, stopped or promoted ones. */
export const listExperimentsInput = z.object({
  id: idSchema,
  status: z.enum(['RUNNING', 'STOPPED', 'PROMOTED']).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

/** `GET /api/experiments/{id}` */
export const experimentIdInput = z.object({ id: idSchema });

/** `POST /api/experiments/{id}/promote`: the arm (version number) the label then points at alone. */
export const promoteExperimentInput = z.object({
  id: idSchema,
  version: z.number().int().min(1).max(2_147_483_647),
  reason: z.string().trim().max(1000).optional(),
});

/**
 * `PUT /api/experiments/{id}/guardrails`: a running experiment's guardrail thresholds and minimum
 * sample (keys left out keep their value; `null` turns a guardrail off). The significance level is
 * fixed when the experiment starts: changing it while peeking would void the always-valid
 * guarantee.
 */
export const updateGuardrailsInput = z.object({
  id: idSchema,
  settings: experimentSettingsSchema
    .omit({ alpha: true })
    .strict()
    .refine((settings) => Object.keys(settings).length > 0, 'give at least one of minSamplePerArm, maxErrorRateIncrease, maxLatencyIncreaseMs'),
});

/** One arm of an experiment. */
export const experimentArmOutput = z.object({
  version: z.number().int(),
  weight: z.number().int(),
  isControl: z.boolean(),
});

/** An experiment as the API shows it: the split (arms by version number), who started it, and how it ended. */
export const experimentOutput = z.object({
  id: z.string(),
  promptId: z.string(),
  label: z.string(),
  status: z.enum(['RUNNING', 'STOPPED', 'PROMOTED']),
  stickyBy: z.string().nullable(),
  controlVersion: z.number().int(),
  arms: z.array(experimentArmOutput),
  settings: z.record(z.string(), z.unknown()),
  startedById: z.string().nullable(),
  startedByKeyId: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  winnerVersion: z.number().int().nullable(),
});

export const experimentListOutput = z.object({ items: z.array(experimentOutput) });

export type ExperimentOutput = z.infer<typeof experimentOutput>;
