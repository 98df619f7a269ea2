/** The OpenAI (and OpenAI-compatible) chat provider, over the official `openai` SDK. */
import OpenAI from 'openai';
import { toOpenAIBody } from './openaiMessages.ts';
import { createNodeFetch } from './nodeFetch.ts';
import type { ChatProvider, ChatRequest, Chunk, Completion, ProviderCredentials, Usage } from './types.ts';

function requestOptions(request: ChatRequest, signal?: AbortSignal): OpenAI.RequestOptions {
  return request.timeoutMs !== undefined ? { signal, timeout: request.timeoutMs } : { signal };
}

/** Our usage from OpenAI's; `prompt_tokens` already counts the cached tokens, which are billed cheaper. */
function usageOf(usage: OpenAI.Completions.CompletionUsage | null | undefined): Usage {
  const result: Usage = { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 };
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  if (cached) result.cachedInputTokens = cached;
  return result;
}

/** Creates an OpenAI provider; apiKey/baseURL default to OPENAI_API_KEY/OPENAI_BASE_URL. */
export function createOpenAIProvider(credentials: ProviderCredentials = {}): ChatProvider {
  const client = new OpenAI({
    // The SDK throws at construction without a key; a missing key should instead surface as the
    // provider's 401 on the run, so a placeholder stands in when neither option nor env has one.
    apiKey: credentials.apiKey ?? process.env.OPENAI_API_KEY ?? 'missing-api-key',
    baseURL: credentials.baseURL ?? process.env.OPENAI_BASE_URL ?? undefined,
    // (undefined must not be passed: the SDK would take it as an explicit, invalid timeout)
    ...(credentials.timeoutMs !== undefined ? { timeout: credentials.timeoutMs } : {}),
    // The runner owns retries (backoff, Retry-After, attempt counting).
    maxRetries: 0,
    // Node's http client instead of the global fetch: same HTTP, a fraction of the CPU (nodeFetch.ts).
    fetch: createNodeFetch(),
  });

  return {
    id: 'openai',

    async complete(request: ChatRequest, signal?: AbortSignal): Promise<Completion> {
      const response = await client.chat.completions.create(toOpenAIBody(request), requestOptions(request, signal));
      const choice = response.choices[0];
      return {
        text: choice?.message.content ?? '',
        usage: usageOf(response.usage),
        finishReason: choice?.finish_reason ?? undefined,
        model: response.model,
      };
    },

    async *stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<Chunk> {
      const stream = await client.chat.completions.create(
        { ...toOpenAIBody(request), stream: true, stream_options: { include_usage: true } },
        requestOptions(request, signal),
      );
      let usage: Usage = { inputTokens: 0, outputTokens: 0 };
      let finishReason: string | undefined;
      let model: string | undefined;
      for await (const chunk of stream) {
        model = chunk.model || model;
        if (chunk.usage) usage = usageOf(chunk.usage);
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        const text = choice?.delta?.content;
        if (text) yield { type: 'text', text };
      }
      yield { type: 'usage', usage, finishReason, model };
    },
  };
}
