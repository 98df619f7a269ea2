/** Zod inputs and outputs of the invitation procedures. */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { roleSchema } from './workspaceSchemas.ts';

/** Where an invitation stands; `EXPIRED` is pending past its `expiresAt`. */
export const invitationStatusSchema = z.enum(['PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED']);

/** An invitation as admins and invitees see it; the same shape whether or not the email has an account. */
export const invitationOutput = z.object({
  id: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
  email: z.string(),
  role: roleSchema,
  status: invitationStatusSchema,
  invitedBy: z.object({ name: z.string().nullable(), email: z.string() }).nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  /** The link to send the invitee: accepting needs a session of the invited email, so the link alone grants nothing. */
  acceptUrl: z.string(),
});

/** `POST /api/workspaces/{id}/members` and the accept/decline answers. */
export const invitationAnswer = z.object({ invitation: invitationOutput });

/** Names one invitation (the invitee's routes). */
export const invitationIdInput = z.object({ id: idSchema });

/** Names one invitation of a workspace (the admins' routes). */
export const workspaceInvitationInput = z.object({ id: idSchema, invitationId: idSchema });

export type InvitationOutput = z.infer<typeof invitationOutput>;
