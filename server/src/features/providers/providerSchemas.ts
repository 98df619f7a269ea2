/** Zod inputs and outputs of the provider credential procedures. */
import { RUNNABLE_PROVIDER_IDS } from '@promptstack/core/providers/runnableProviders';
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';

/** Providers a workspace can hold a key for: every provider the runner can call. */
export const providerIdSchema = z.enum(RUNNABLE_PROVIDER_IDS);

/** `PUT /api/workspaces/{id}/providers/{provider}` */
export const putCredentialInput = z.object({
  id: idSchema,
  provider: providerIdSchema,
  apiKey: z.string().trim().min(1).max(1000),
  /**
   * Where the key is sent, in the form the provider's SDK takes it (OpenAI's includes `/v1`, Gemini's
   * is the root before `/v1beta`): an OpenAI-compatible server (Ollama, vLLM, a gateway) or a
   * proxy. Unset or null: the provider's public API, never the server's own base URL.
   */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
});

export const credentialRefInput = z.object({ id: idSchema, provider: providerIdSchema });
export const workspaceRefInput = z.object({ id: idSchema });

/** A stored credential as the API shows it: never the key, only a mask. */
export const credentialOutput = z.object({
  provider: providerIdSchema,
  baseUrl: z.string().nullable(),
  /** First 3 and last 4 characters, or `…` when the key cannot be read (server secret changed). */
  maskedKey: z.string(),
  updatedAt: z.string(),
});

export type ProviderId = z.infer<typeof providerIdSchema>;
export type CredentialOutput = z.infer<typeof credentialOutput>;
