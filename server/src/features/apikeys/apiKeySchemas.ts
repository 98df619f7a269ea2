/** Zod inputs and outputs of the API key procedures. */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { API_KEY_SCOPES } from './apiKeyScopes.ts';

/** One scope a key can hold. */
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);

/** `POST /api/workspaces/{id}/api-keys` */
export const createApiKeyInput = z.object({
  id: idSchema,
  /** What the key is for, e.g. `support-bot production` (shown in lists). */
  name: z.string().trim().min(1).max(100),
  /** Limits the key to one project of the workspace; omitted or null: the whole workspace. */
  projectId: idSchema.nullish(),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'a key needs at least one scope')
    .max(API_KEY_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must not repeat'),
});

/** Names a workspace's keys. */
export const workspaceKeysInput = z.object({ id: idSchema });

/** Names one key of a workspace. */
export const apiKeyRefInput = z.object({ id: idSchema, keyId: idSchema });

/** A key as lists show it: never the secret nor its hash. */
export const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  /** The secret's first characters, e.g. `psk_ab12cd34`, to tell keys apart. */
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  projectId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** The answer to a creation: the key as listed plus its secret, shown this once. */
export const createdApiKeyOutput = apiKeyOutput.extend({
  /** The whole secret: store it now, it cannot be read again. */
  key: z.string(),
});

export type ApiKeyOutput = z.infer<typeof apiKeyOutput>;
export type CreatedApiKeyOutput = z.infer<typeof createdApiKeyOutput>;
