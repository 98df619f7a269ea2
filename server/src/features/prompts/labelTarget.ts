/**
 * Label targets: where a label points, as the API takes it, the audit log records it and label
 * requests ask for it. A plain target names one version; a split names several with weights (a
 * live experiment serves them) and the end-user attribute assignment sticks to.
 */
import { z } from 'zod';

/** Most arms one split may have. */
export const MAX_SPLIT_ARMS = 20;
/** Largest weight of one arm (an arm's share is its weight over the sum). */
export const MAX_ARM_WEIGHT = 1_000_000;

/** One arm of a split: a version number and its positive integer weight. */
export const splitArmSchema = z.object({
  version: z.number().int().min(1).max(2_147_483_647),
  weight: z.number().int().min(1, 'weights must be positive integers').max(MAX_ARM_WEIGHT),
});

/** The arms of a split: at least two, each version once. */
export const splitSchema = z
  .array(splitArmSchema)
  .min(2, 'a split needs at least 2 arms')
  .max(MAX_SPLIT_ARMS, `a split has at most ${MAX_SPLIT_ARMS} arms`)
  .superRefine((arms, check) => {
    const seen = new Set<number>();
    for (const [index, arm] of arms.entries()) {
      if (seen.has(arm.version)) check.addIssue({ code: 'custom', path: [index, 'version'], message: `version ${arm.version} appears twice in the split` });
      seen.add(arm.version);
    }
  });

/** The end-user attribute a split's assignment sticks to (`userId`, `sessionId`, `accountId`). */
export const stickyBySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/, 'stickyBy names an attribute: letters, digits, "_", "." and "-" (at most 63)');

/** Where a label points: one version, or a split across versions. */
export type LabelTarget = { versionNumber: number } | SplitTarget;

/** A split target; arms in the order given (the stored experiment lists them by version number). */
export type SplitTarget = {
  split: Array<{ version: number; weight: number }>;
  stickyBy: string | null;
};

/** Whether `target` is a split. */
export function isSplit(target: LabelTarget): target is SplitTarget {
  return 'split' in target;
}

/** Checks a split given by code rather than through the API schema; throws the first problem as text. */
export function splitProblem(target: SplitTarget): string | null {
  const parsed = splitSchema.safeParse(target.split);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return issue.message;
}
