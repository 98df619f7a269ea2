/** Zod inputs and outputs of the workspaces and members procedures. */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';

/** The roles, in the order of their power; the permissions table gives each its rights. */
export const roleSchema = z.enum(['ADMIN', 'MEMBER', 'VIEWER']);

/** Free-form workspace settings, bounded so a settings write cannot store megabytes. */
const settingsSchema = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 16_384, 'settings must be at most 16 KB of JSON');

const name = z.string().trim().min(1).max(200);
const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62})$/, 'slugs use lowercase letters, digits and "-" (at most 63)');
/** Limits: null means unlimited. */
const limit = z.number().int().min(1).max(1_000_000).nullable();
const spendLimit = z.number().min(0).max(1_000_000_000).nullable();

export const createWorkspaceInput = z.object({ name, slug: slug.optional() });

/** `PUT /api/workspaces/{id}`: name for admins; settings and limits for admins too. */
export const updateWorkspaceInput = z.object({
  id: idSchema,
  name: name.optional(),
  slug: slug.nullable().optional(),
  settings: settingsSchema.optional(),
  maxMembers: limit.optional(),
  maxPrompts: limit.optional(),
  monthlySpendLimitUsd: spendLimit.optional(),
});

export const workspaceIdInput = z.object({ id: idSchema });

export const addMemberInput = z.object({
  id: idSchema,
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  role: roleSchema.default('MEMBER'),
});
export const updateMemberInput = z.object({ id: idSchema, userId: idSchema, role: roleSchema });
export const memberRefInput = z.object({ id: idSchema, userId: idSchema });

export const workspaceOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string().nullable(),
  personal: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  maxMembers: z.number().int().nullable(),
  maxPrompts: z.number().int().nullable(),
  monthlySpendLimitUsd: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The caller's role here. */
  role: roleSchema,
});

export const memberOutput = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  createdAt: z.string(),
});

export type WorkspaceOutput = z.infer<typeof workspaceOutput>;
export type MemberOutput = z.infer<typeof memberOutput>;
