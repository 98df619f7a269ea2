/**
 * Provider credentials for commands that run prompts, from the providers' own environment
 * variables (as their SDKs name them). The CLI is an entry point: it reads the environment here and
 * passes credentials to core explicitly.
 */
import type { ProviderCredentialsMap } from '@promptstack/core';

/** The variables each provider's key and base URL come from. */
export const PROVIDER_ENV = {
  openai: { apiKey: 'OPENAI_API_KEY', baseURL: 'OPENAI_BASE_URL' },
  anthropic: { apiKey: 'ANTHROPIC_API_KEY', baseURL: 'ANTHROPIC_BASE_URL' },
} as const;

/** Credentials for every provider whose variables are set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderCredentialsMap {
  const credentials: ProviderCredentialsMap = {};
  for (const [id, names] of Object.entries(PROVIDER_ENV) as Array<[keyof typeof PROVIDER_ENV, (typeof PROVIDER_ENV)[keyof typeof PROVIDER_ENV]]>) {
    const apiKey = env[names.apiKey] || undefined;
    const baseURL = env[names.baseURL] || undefined;
    if (apiKey || baseURL) credentials[id] = { ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}) };
  }
  return credentials;
}
