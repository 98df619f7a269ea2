/** The Anthropic chat provider, over the official `@anthropic-ai/sdk`. */
import Anthropic from '@anthropic-ai/sdk';
import { fromAnthropicContent, toAnthropicBody } from './anthropicMessages.ts';
import { classifyProviderError } from './errors.ts';
import { createNodeFetch } from './nodeFetch.ts';
import { parseToolArguments } from './toolArguments.ts';
import { runnableProvider } from './runnableProviders.ts';
import type { ChatProvider, ChatRequest, Chunk, Completion, ProviderCredentials, Usage } from './types.ts';

const DEFAULT_BASE_URL = runnableProvider('anthropic').defaultBaseUrl;

/** Anthropic's usage fields (a message's, or a stream delta's where each may be null). */
interface AnthropicUsage {
  input_tokens: number | null;
  output_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Our usage from Anthropic's: its `input_tokens` leaves out tokens read from or written to the
 * prompt cache, so they are added back, and kept apart too because they are billed differently.
 */
function usageOf(usage: AnthropicUsage, previous?: Usage): Usage {
  const cachedInputTokens = usage.cache_read_input_tokens ?? previous?.cachedInputTokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? previous?.cacheWriteTokens ?? 0;
  const uncached = usage.input_tokens ?? (previous ? previous.inputTokens - (previous.cachedInputTokens ?? 0) - (previous.cacheWriteTokens ?? 0) : 0);
  const result: Usage = { inputTokens: uncached + cachedInputTokens + cacheWriteTokens, outputTokens: usage.output_tokens };
  if (cachedInputTokens) result.cachedInputTokens = cachedInputTokens;
  if (cacheWriteTokens) result.cacheWriteTokens = cacheWriteTokens;
  return result;
}

/** SDK timeout used when nobody gives one; passing it also stops the SDK refusing large max_tokens. */
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** Creates an Anthropic provider from explicit credentials (never the environment). */
export function createAnthropicProvider(credentials: ProviderCredentials = {}): ChatProvider {
  const client = new Anthropic({
    // A placeholder rather than the SDK's on-disk profile lookup: a missing key must come back
    // as the provider's 401 on the run, never as a surprise read of the user's config files.
    apiKey: credentials.apiKey ?? 'missing-api-key',
    // Never the SDK's own env fallback: a key given without a base URL goes to the public API,
    // not to whatever the process's environment points at.
    baseURL: credentials.baseURL ?? DEFAULT_BASE_URL,
    // null, not undefined: undefined lets the SDK send ANTHROPIC_AUTH_TOKEN as a bearer token.
    authToken: null,
    ...(credentials.timeoutMs !== undefined ? { timeout: credentials.timeoutMs } : {}),
    maxRetries: 0,
    // Node's http client instead of the global fetch: same HTTP, a fraction of the CPU (nodeFetch.ts).
    fetch: createNodeFetch(),
  });
  const timeoutFor = (request: ChatRequest) => request.timeoutMs ?? credentials.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    id: 'anthropic',
    // The SDK's error classes as this module loaded them (a provider is imported on first use,
    // possibly by another module system than the runner's).
    classifyError: classifyProviderError,

    async complete(request: ChatRequest, signal?: AbortSignal): Promise<Completion> {
      const message = await client.messages.create(toAnthropicBody(request), { signal, timeout: timeoutFor(request) });
      const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      const completion: Completion = {
        text,
        usage: usageOf(message.usage),
        finishReason: message.stop_reason ?? undefined,
        model: message.model,
      };
      const toolCalls = fromAnthropicContent(message.content);
      if (toolCalls) completion.toolCalls = toolCalls;
      return completion;
    },

    async *stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<Chunk> {
      const stream = await client.messages.create({ ...toAnthropicBody(request), stream: true }, { signal, timeout: timeoutFor(request) });
      let usage: Usage = { inputTokens: 0, outputTokens: 0 };
      let finishReason: string | undefined;
      let model: string | undefined;
      // A tool_use block streams its input as JSON text pieces, whole at content_block_stop.
      const calls = new Map<number, { id: string; name: string; json: string }>();
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            model = event.message.model;
            usage = usageOf(event.message.usage);
            break;
          case 'content_block_start':
            if (event.content_block.type === 'tool_use') calls.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'text', text: event.delta.text };
            else if (event.delta.type === 'input_json_delta') {
              const call = calls.get(event.index);
              if (call) call.json += event.delta.partial_json;
            }
            break;
          case 'content_block_stop': {
            const call = calls.get(event.index);
            if (call) yield { type: 'tool_call', call: { id: call.id, name: call.name, arguments: parseToolArguments(call.json) } };
            break;
          }
          case 'message_delta':
            // message_delta carries cumulative counts; input and cache counts only on newer API versions.
            usage = usageOf(event.usage, usage);
            finishReason = event.delta.stop_reason ?? finishReason;
            break;
          default:
            break;
        }
      }
      yield { type: 'usage', usage, finishReason, model };
    },
  };
}
