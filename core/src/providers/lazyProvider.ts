/**
 * A provider whose SDK is imported on its first call. Each SDK is large (the Google GenAI one
 * alone is about 1 MB of code), so loading core, or a CLI or server built on it, loads none of
 * them, and a run loads only the one its model needs.
 */
import type { RunnableProviderId } from './runnableProviders.ts';
import type { ChatProvider, ProviderCredentials } from './types.ts';

/** Imports a provider's module and returns its client factory. */
export type ProviderLoader = () => Promise<(credentials: ProviderCredentials) => ChatProvider>;

/** A provider for `id` that builds the real client from `credentials` when it is first called. */
export function lazyProvider(id: RunnableProviderId, credentials: ProviderCredentials, load: ProviderLoader): ChatProvider {
  let client: ChatProvider | undefined;
  let loading: Promise<ChatProvider> | undefined;
  const loaded = () => (loading ??= load().then((create) => (client = create(credentials))));
  return {
    id,
    async complete(request, signal) {
      return (await loaded()).complete(request, signal);
    },
    async *stream(request, signal) {
      yield* (await loaded()).stream(request, signal);
    },
    // An SDK's own errors come only from its calls, by which time it is loaded.
    classifyError: (error, now) => client?.classifyError?.(error, now),
  };
}
