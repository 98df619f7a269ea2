/**
 * The code behind each runnable provider: how to build its client from explicit credentials and
 * the wire protocol the local provider speaks for it. Keyed by the ids of `runnableProviders.ts`,
 * so a provider added there does not compile until its module is added here.
 */
import { anthropicWire } from '../local-provider/anthropicWire.ts';
import { googleaiWire } from '../local-provider/googleaiWire.ts';
import { openaiWire } from '../local-provider/openaiWire.ts';
import type { WireProtocol } from '../local-provider/wire.ts';
import { lazyProvider } from './lazyProvider.ts';
import { runnableProvider, type RunnableProviderId, type RunnableProviderInfo } from './runnableProviders.ts';
import type { ChatProvider, ProviderCredentials } from './types.ts';

/** One provider: its facts, its client, and its protocol in the local provider. */
export interface ProviderModule extends RunnableProviderInfo {
  /**
   * A client calling the provider with exactly these credentials: a missing key or base URL is
   * never filled in from the environment (the SDK's default URL is used, a missing key gets the
   * provider's 401).
   */
  createClient(credentials: ProviderCredentials): ChatProvider;
  /** How the local provider server speaks this provider's API. */
  wire: WireProtocol;
}

type ProviderCode = Pick<ProviderModule, 'createClient' | 'wire'>;

// Each SDK is imported on the client's first call (see lazyProvider.ts).
const CODE: { readonly [Id in RunnableProviderId]: ProviderCode } = {
  openai: { createClient: (c) => lazyProvider('openai', c, async () => (await import('./openaiProvider.ts')).createOpenAIProvider), wire: openaiWire },
  anthropic: {
    createClient: (c) => lazyProvider('anthropic', c, async () => (await import('./anthropicProvider.ts')).createAnthropicProvider),
    wire: anthropicWire,
  },
  googleai: {
    createClient: (c) => lazyProvider('googleai', c, async () => (await import('./googleaiProvider.ts')).createGoogleAIProvider),
    wire: googleaiWire,
  },
};

/** Every runnable provider's module, by id. */
export const PROVIDER_MODULES = Object.fromEntries((Object.keys(CODE) as RunnableProviderId[]).map((id) => [id, { ...runnableProvider(id), ...CODE[id] }])) as {
  readonly [Id in RunnableProviderId]: ProviderModule;
};
