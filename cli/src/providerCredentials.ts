/**
 * Provider credentials for commands that run prompts, from the environment variables core's list of
 * runnable providers names (OPENAI_API_KEY, ANTHROPIC_BASE_URL, GEMINI_API_KEY...; the same names
 * the server reads). The CLI is an entry point: it reads the environment here and passes
 * credentials to core explicitly, so a new provider in core needs no line here.
 */
import type { ProviderCredentials, ProviderCredentialsMap } from '@promptstack/core';
import { RUNNABLE_PROVIDERS, type RunnableProviderInfo } from '@promptstack/core/providers/runnableProviders';
import { unconfiguredProviders } from '@promptstack/core/providers/unconfiguredProviders';

/** Every variable a provider's key or base URL is read from, for help texts (`OPENAI_API_KEY/OPENAI_BASE_URL, ...`). */
export function providerEnvNames(): string {
  return RUNNABLE_PROVIDERS.map((provider) => [...provider.envKeyVars, provider.envBaseUrlVar].join('/')).join(', ');
}

/** Credentials for every provider with a key or base URL set (first key variable set wins; empty counts as unset). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderCredentialsMap {
  const credentials: ProviderCredentialsMap = {};
  for (const provider of RUNNABLE_PROVIDERS) {
    const apiKey = provider.envKeyVars.map((name) => env[name]).find((value) => value);
    const baseURL = env[provider.envBaseUrlVar] || undefined;
    if (!apiKey && !baseURL) continue;
    const entry: ProviderCredentials = { ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}) };
    credentials[provider.id] = entry;
  }
  return credentials;
}

/** What to set for a provider that has neither a key nor a base URL. */
export function missingCredentialsMessage(provider: RunnableProviderInfo): string {
  return `No credentials for ${provider.label}: set ${provider.envKeyVars.join(' or ')} (or ${provider.envBaseUrlVar} for a server that needs no key)`;
}

/** Stand-ins for the providers with no variables set: their calls fail at once naming the variables (see core). */
export function unconfiguredFromEnv(credentials: ProviderCredentialsMap) {
  return unconfiguredProviders(credentials, missingCredentialsMessage);
}
