/**
 * Stand-ins for the providers a caller has no credentials for (neither a key nor a base URL):
 * each call fails at once as an `auth` error carrying the caller's message (which says where the
 * key goes: an env variable for the CLI, the workspace's settings for the server), is not retried,
 * and sends nothing anywhere, where a client built without a key would call the provider's public
 * API with a placeholder key and come back with a 401 or a network error.
 */
import type { ProviderCredentialsMap, ProviderRegistry } from './createProvider.ts';
import { RUNNABLE_PROVIDERS, type RunnableProviderId, type RunnableProviderInfo } from './runnableProviders.ts';
import type { ChatProvider } from './types.ts';

/** A call refused because its provider has no credentials. */
export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}

/**
 * A stand-in for every runnable provider `credentials` gives neither a key nor a base URL (left
 * out, or with both unset or empty), for `createProviderRegistry`'s
 * `given` (or a runner's `providers`); `called` collects the providers a run needed. Cached
 * answers in front of the registry still reach the runner without them.
 */
export function unconfiguredProviders(
  credentials: ProviderCredentialsMap,
  message: (provider: RunnableProviderInfo) => string,
): { providers: ProviderRegistry; called: Set<RunnableProviderId> } {
  const called = new Set<RunnableProviderId>();
  const providers: ProviderRegistry = {};
  for (const info of RUNNABLE_PROVIDERS.filter((provider) => !credentials[provider.id]?.apiKey && !credentials[provider.id]?.baseURL)) {
    const refuse = () => {
      called.add(info.id);
      return new MissingCredentialsError(message(info));
    };
    const provider: ChatProvider = {
      id: info.id,
      complete: () => Promise.reject(refuse()),
      stream: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(refuse()) }) }),
      classifyError: (error) => (error instanceof MissingCredentialsError ? { kind: 'auth', message: error.message, retryable: false } : undefined),
    };
    providers[info.id] = provider;
  }
  return { providers, called };
}
