/**
 * A failed run's error in plain words: what went wrong, named after the provider, and what to do
 * about it. The runner's error kinds (core's `RunErrorKind`) are mapped here and only here.
 */
import type { RunError } from '@promptstack/core';
import { baseUrlSetting, CONFIG_SECTION } from '../config.ts';
import { PROVIDER_LABELS, isKeyProvider } from './apiKeys.ts';

/** Where the run went, for the sentence. */
export interface ErrorContext {
  /** Provider id of the run ('openai', 'anthropic', 'googleai'), when it got that far. */
  provider?: string;
  /** The base URL used, named when the provider could not be reached. */
  baseUrl?: string;
}

const SET_KEY = "Set it with 'PromptStack: Set API Key'.";

/** One sentence or two for the results view and notifications. */
export function describeRunError(error: RunError, context: ErrorContext = {}): string {
  const who = isKeyProvider(context.provider) ? PROVIDER_LABELS[context.provider] : 'The provider';
  const status = error.status ? ` (${error.status})` : '';
  switch (error.kind) {
    case 'auth':
      return `${who} rejected the API key${status}. ${SET_KEY}`;
    case 'rate_limit':
      return `${who} is rate-limiting requests${status}: ${error.message}. Wait a moment and run again.`;
    case 'timeout':
      return `${who} did not answer in time${status}. Run again, or raise the timeout.`;
    case 'network':
      return `Cannot reach ${who}${context.baseUrl ? ` at ${context.baseUrl}` : ''}: ${error.message}. Check your connection and the ${baseUrlSettingName(context.provider)}.`;
    case 'cancelled':
      return 'The run was cancelled.';
    case 'invalid_input':
      return `The prompt cannot run: ${error.message}`;
    case 'invalid_output':
      return `The answer does not match the prompt's output schema: ${error.message}`;
    case 'tool_turns':
      return `The model kept calling tools: ${error.message}`;
    case 'provider':
      return `${who} returned an error${status}: ${error.message}`;
  }
}

/** The base URL setting by its full name (which offers "Open Settings" on the message), when the provider is known. */
function baseUrlSettingName(provider: string | undefined): string {
  return isKeyProvider(provider) ? `${CONFIG_SECTION}.${baseUrlSetting(provider)} setting` : 'base URL setting';
}

/** The message for a run that needs a key none was stored for. */
export function missingKeyMessage(provider: string): string {
  const who = isKeyProvider(provider) ? PROVIDER_LABELS[provider] : provider;
  return `No ${who} API key is set. ${SET_KEY}`;
}
