/** Zod inputs and outputs of the label governance procedures (protected labels, label requests, history, rollback). */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { labelNameSchema, splitSchema, stickyBySchema, type LabelTarget } from '../prompts/index.ts';

const versionNumber = z.number().int().min(1);
const reason = z.string().trim().min(1).max(2000).optional();
const limit = z.number().int().min(1).max(100).default(50);
const cursor = z.string().max(200).optional();

/** `{ id }` of a project. */
export const projectIdInput = z.object({ id: idSchema });

/** `PUT /api/projects/{id}/protected-labels { labels }` */
export const setProtectedLabelsInput = z.object({ id: idSchema, labels: z.array(labelNameSchema).max(50) });

export const protectedLabelsOutput = z.object({ projectId: z.string(), labels: z.array(z.string()) });

/**
 * Where a label points, as the audit log and label requests store it: one version, or a traffic
 * split over several with the unit of stickiness.
 */
export const labelTargetOutput = z.union([
  z.object({ versionNumber: z.number().int() }),
  z.object({
    split: z.array(z.object({ version: z.number().int(), weight: z.number() })),
    stickyBy: z.string().nullable(),
  }),
]);

/** A stored label target. */
export type StoredLabelTarget = z.infer<typeof labelTargetOutput>;

/**
 * The target a caller asks for, in the body of a label request: `version` (or `versionNumber`)
 * names one version; `split` (with `stickyBy`) asks for a traffic split, as `PUT .../labels/{name}` takes it.
 */
const labelTargetFields = {
  version: versionNumber.optional(),
  versionNumber: versionNumber.optional(),
  split: splitSchema.optional(),
  /** The end-user attribute the split's assignment sticks to; absent or null: assigned per call. */
  stickyBy: stickyBySchema.nullish(),
};

/** `POST /api/prompts/{id}/label-requests { label, version | split + stickyBy, reason }` */
export const createLabelRequestInput = z.object({ id: idSchema, label: labelNameSchema, ...labelTargetFields, reason }).superRefine((v, check) => {
  const given = [v.version, v.versionNumber, v.split].filter((t) => t !== undefined).length;
  if (given !== 1) check.addIssue({ code: 'custom', path: ['version'], message: 'Give the target: version (or versionNumber) or split, one of them' });
  if (v.split === undefined && v.stickyBy != null) check.addIssue({ code: 'custom', path: ['stickyBy'], message: 'stickyBy goes with a split' });
});

/** The target a parsed label request asks for, in the stored shape. */
export function requestedTarget(input: z.infer<typeof createLabelRequestInput>): LabelTarget {
  if (input.split) return { split: input.split, stickyBy: input.stickyBy ?? null };
  return { versionNumber: (input.version ?? input.versionNumber)! };
}

/** Who acted: a user, an API key, or the system (an experiment's guardrail). */
export const actorOutput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  z.object({ kind: z.literal('apiKey'), id: z.string(), name: z.string().nullable() }),
  z.object({ kind: z.literal('system') }),
]);

/** Who acted, as the API shows it. */
export type ActorOutput = z.infer<typeof actorOutput>;

const requestStatus = z.enum(['pending', 'approved', 'rejected']);

export const labelRequestOutput = z.object({
  id: z.string(),
  promptId: z.string(),
  label: z.string(),
  target: labelTargetOutput,
  reason: z.string().nullable(),
  status: requestStatus,
  requestedBy: actorOutput,
  decidedBy: actorOutput.nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});

/** A label request as the API shows it. */
export type LabelRequestOutput = z.infer<typeof labelRequestOutput>;

/** `GET /api/prompts/{id}/label-requests?status=&label=&cursor=&limit=` */
export const listLabelRequestsInput = z.object({ id: idSchema, status: requestStatus.optional(), label: labelNameSchema.optional(), cursor, limit });

export const labelRequestPageOutput = z.object({ items: z.array(labelRequestOutput), nextCursor: z.string().nullable() });

/** `POST /api/prompts/{id}/label-requests/{requestId}/approve|reject { note? }` */
export const decideLabelRequestInput = z.object({ id: idSchema, requestId: idSchema, note: reason });

/** `GET /api/prompts/{id}/labels/history?label=&cursor=&limit=` */
export const labelHistoryInput = z.object({ id: idSchema, label: labelNameSchema.optional(), cursor, limit });

export const labelHistoryItemOutput = z.object({
  id: z.string(),
  label: z.string(),
  from: labelTargetOutput.nullable(),
  to: labelTargetOutput.nullable(),
  actor: actorOutput,
  via: z.string(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  at: z.string(),
});

/** One entry of the label audit log as the API shows it. */
export type LabelHistoryItemOutput = z.infer<typeof labelHistoryItemOutput>;

export const labelHistoryPageOutput = z.object({ items: z.array(labelHistoryItemOutput), nextCursor: z.string().nullable() });

/** `POST /api/prompts/{id}/labels/{name}/rollback { reason? }` */
export const rollbackLabelInput = z.object({ id: idSchema, name: labelNameSchema, reason });
