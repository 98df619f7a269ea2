/**
 * Provider credentials for commands that run prompts, from the environment variables core's list of
 * runnable providers names (OPENAI_API_KEY, ANTHROPIC_BASE_URL, GEMINI_API_KEY...; the same names
 * the server reads). The CLI is an entry point: it reads the environment here and passes
 * credentials to core explicitly, so a new provider in core needs no line here.
 */
import type { ChatProvider, ProviderCredentials, ProviderCredentialsMap, ProviderRegistry } from '@promptstack/core';
import { RUNNABLE_PROVIDERS, type RunnableProviderId, type RunnableProviderInfo } from '@promptstack/core/providers/runnableProviders';

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

/** A call refused because its provider has no credentials. */
class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}

/**
 * Stand-ins for the providers whose variables are all unset: each call fails at once, as an `auth`
 * error naming the variables (not retried, nothing sent anywhere), and `called` collects the
 * providers a run needed. Cached answers still reach the runner without them.
 */
export function unconfiguredProviders(credentials: ProviderCredentialsMap): { providers: ProviderRegistry; called: Set<RunnableProviderId> } {
  const called = new Set<RunnableProviderId>();
  const providers: ProviderRegistry = {};
  for (const info of RUNNABLE_PROVIDERS.filter((p) => !credentials[p.id])) {
    const message = missingCredentialsMessage(info);
    const refuse = () => {
      called.add(info.id);
      return new MissingCredentialsError(message);
    };
    const provider: ChatProvider = {
      id: info.id,
      complete: () => Promise.reject(refuse()),
      stream: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(refuse()) }),
      }),
      classifyError: (error) => (error instanceof MissingCredentialsError ? { kind: 'auth', message: error.message, retryable: false } : undefined),
    };
    providers[info.id] = provider;
  }
  return { providers, called };
}
