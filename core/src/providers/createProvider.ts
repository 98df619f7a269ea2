/** Builds providers from credentials, once per provider, for the runner to reuse. */
import { createAnthropicProvider } from './anthropicProvider.ts';
import { createOpenAIProvider } from './openaiProvider.ts';
import type { ChatProvider, ProviderCredentials, RunnableProviderId } from './types.ts';

/** Credentials per provider; missing entries use the SDKs' env variables. */
export type ProviderCredentialsMap = Partial<Record<RunnableProviderId, ProviderCredentials>>;

/** Providers per id; the runner looks a run's provider up here. */
export type ProviderRegistry = Partial<Record<RunnableProviderId, ChatProvider>>;

/** Creates one provider for `id`. */
export function createProvider(id: RunnableProviderId, credentials: ProviderCredentials = {}): ChatProvider {
  return id === 'openai' ? createOpenAIProvider(credentials) : createAnthropicProvider(credentials);
}

/**
 * A registry that creates each provider on first use and then reuses it (SDK clients keep
 * connections alive, which matters for batch runs).
 */
export function createProviderRegistry(credentials: ProviderCredentialsMap = {}, given: ProviderRegistry = {}): Required<ProviderRegistry> {
  const cache: ProviderRegistry = { ...given };
  const get = (id: RunnableProviderId): ChatProvider => (cache[id] ??= createProvider(id, credentials[id]));
  return {
    get openai() {
      return get('openai');
    },
    get anthropic() {
      return get('anthropic');
    },
  };
}
