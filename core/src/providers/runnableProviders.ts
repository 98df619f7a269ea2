/**
 * The one list of providers PromptStack can run, with the plain facts every package derives its
 * own pieces from: the server's enums, env variables, credential storage and limiter defaults, the
 * extension's key commands and base URL settings. Pure data (no SDK imports) so the extension can
 * bundle it without the SDKs; the code of each provider lives in `registry.ts`.
 */

/** What an entry point needs to know about a provider to configure it. */
export interface RunnableProviderInfo<Id extends string = RunnableProviderId> {
  /** The id, as Dotprompt and Genkit prefix model ids (`googleai/gemini-2.5-flash`). */
  id: Id;
  /** How the provider is named to users (`OpenAI`). */
  label: string;
  /**
   * Env variables an entry point (server, CLI) reads the key from, first set wins. Core itself
   * never reads them: credentials are always passed in.
   */
  envKeyVars: readonly string[];
  /** Env variable an entry point reads a base URL from. */
  envBaseUrlVar: string;
  /** The public API's base URL, in the form the provider's SDK takes it. */
  defaultBaseUrl: string;
  /** Concurrent calls per process a server allows by default (providers' rate limits differ). */
  defaultConcurrency: number;
}

const PROVIDERS = [
  {
    id: 'openai',
    label: 'OpenAI',
    envKeyVars: ['OPENAI_API_KEY'],
    envBaseUrlVar: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    defaultConcurrency: 8,
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    envKeyVars: ['ANTHROPIC_API_KEY'],
    envBaseUrlVar: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
    defaultConcurrency: 4,
  },
  {
    id: 'googleai',
    label: 'Google Gemini',
    envKeyVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    envBaseUrlVar: 'GEMINI_BASE_URL',
    // @google/genai's httpOptions.baseUrl: the root, the SDK adds `/v1beta/models/...`.
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    defaultConcurrency: 4,
  },
] as const satisfies readonly RunnableProviderInfo<string>[];

/** A provider the runner can call. */
export type RunnableProviderId = (typeof PROVIDERS)[number]['id'];

/** Every runnable provider, in the order pickers show them. */
export const RUNNABLE_PROVIDERS: readonly RunnableProviderInfo[] = PROVIDERS;

/** Ids of the runnable providers (a non-empty tuple, as `z.enum` wants it). */
export const RUNNABLE_PROVIDER_IDS = PROVIDERS.map((provider) => provider.id) as [RunnableProviderId, ...RunnableProviderId[]];

/** Whether `value` is a runnable provider's id. */
export function isRunnableProviderId(value: unknown): value is RunnableProviderId {
  return typeof value === 'string' && (RUNNABLE_PROVIDER_IDS as readonly string[]).includes(value);
}

/** The facts of one runnable provider. */
export function runnableProvider(id: RunnableProviderId): RunnableProviderInfo {
  return RUNNABLE_PROVIDERS.find((provider) => provider.id === id)!;
}
