/** Builds providers from credentials, once per provider, for the runner to reuse. */
import { PROVIDER_MODULES } from './registry.ts';
import { isRunnableProviderId, RUNNABLE_PROVIDER_IDS, type RunnableProviderId } from './runnableProviders.ts';
import type { ChatProvider, ProviderCredentials } from './types.ts';

/** Credentials per provider; a provider left out gets no key (its calls fail with the provider's 401). */
export type ProviderCredentialsMap = Partial<Record<RunnableProviderId, ProviderCredentials>>;

/** Providers per id; the runner looks a run's provider up here. */
export type ProviderRegistry = Partial<Record<RunnableProviderId, ChatProvider>>;

/** Creates one provider for `id`; throws on an id that is not a runnable provider's. */
export function createProvider(id: RunnableProviderId, credentials: ProviderCredentials = {}): ChatProvider {
  // Callers outside TypeScript (settings, stored rows) can hand in any string: refuse it rather
  // than silently building some other provider's client.
  if (!isRunnableProviderId(id)) throw new Error(`Unknown provider '${String(id)}': runnable providers are ${RUNNABLE_PROVIDER_IDS.join(', ')}`);
  return PROVIDER_MODULES[id].createClient(credentials);
}

/**
 * A registry that creates each provider on first use and then reuses it (SDK clients keep
 * connections alive, which matters for batch runs).
 */
export function createProviderRegistry(credentials: ProviderCredentialsMap = {}, given: ProviderRegistry = {}): Required<ProviderRegistry> {
  const cache: ProviderRegistry = { ...given };
  const registry = {} as Required<ProviderRegistry>;
  for (const id of RUNNABLE_PROVIDER_IDS) {
    Object.defineProperty(registry, id, { enumerable: true, get: () => (cache[id] ??= createProvider(id, credentials[id])) });
  }
  return registry;
}
