/** Zod inputs and outputs of the projects procedures. */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000).nullish();

export const listProjectsInput = z.object({ workspaceId: idSchema });
export const createProjectInput = z.object({ workspaceId: idSchema, name, description });
export const updateProjectInput = z.object({ id: idSchema, name: name.optional(), description });
export const projectIdInput = z.object({ id: idSchema });

export const projectOutput = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type ProjectOutput = z.infer<typeof projectOutput>;
