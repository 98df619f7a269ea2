/** The OpenAI (and OpenAI-compatible) chat provider, over the official `openai` SDK. */
import OpenAI from 'openai';
import { fromOpenAIToolCalls, toOpenAIBody } from './openaiMessages.ts';
import { parseToolArguments } from './toolArguments.ts';
import { classifyProviderError } from './errors.ts';
import { createNodeFetch } from './nodeFetch.ts';
import { runnableProvider } from './runnableProviders.ts';
import type { ChatProvider, ChatRequest, Chunk, Completion, ProviderCredentials, ToolCall, Usage } from './types.ts';

const DEFAULT_BASE_URL = runnableProvider('openai').defaultBaseUrl;

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

/** Creates an OpenAI provider from explicit credentials (never the environment). */
export function createOpenAIProvider(credentials: ProviderCredentials = {}): ChatProvider {
  const client = new OpenAI({
    // The SDK throws at construction without a key; a missing key should instead surface as the
    // provider's 401 on the run, so a placeholder stands in when none is given.
    apiKey: credentials.apiKey ?? 'missing-api-key',
    // Never the SDK's own env fallback: a key given without a base URL goes to the public API,
    // not to whatever the process's environment points at.
    baseURL: credentials.baseURL ?? DEFAULT_BASE_URL,
    // null, not undefined: undefined lets the SDK read OPENAI_ORG_ID/OPENAI_PROJECT_ID.
    organization: null,
    project: null,
    // (undefined must not be passed: the SDK would take it as an explicit, invalid timeout)
    ...(credentials.timeoutMs !== undefined ? { timeout: credentials.timeoutMs } : {}),
    // The runner owns retries (backoff, Retry-After, attempt counting).
    maxRetries: 0,
    // Node's http client instead of the global fetch: same HTTP, a fraction of the CPU (nodeFetch.ts).
    fetch: createNodeFetch(),
  });

  return {
    id: 'openai',
    // The SDK's error classes as this module loaded them (a provider is imported on first use,
    // possibly by another module system than the runner's).
    classifyError: classifyProviderError,

    async complete(request: ChatRequest, signal?: AbortSignal): Promise<Completion> {
      const response = await client.chat.completions.create(toOpenAIBody(request), requestOptions(request, signal));
      const choice = response.choices[0];
      const completion: Completion = {
        text: choice?.message.content ?? '',
        usage: usageOf(response.usage),
        finishReason: choice?.finish_reason ?? undefined,
        model: response.model,
      };
      const toolCalls = fromOpenAIToolCalls(choice?.message.tool_calls);
      if (toolCalls) completion.toolCalls = toolCalls;
      return completion;
    },

    async *stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<Chunk> {
      const stream = await client.chat.completions.create(
        { ...toOpenAIBody(request), stream: true, stream_options: { include_usage: true } },
        requestOptions(request, signal),
      );
      let usage: Usage = { inputTokens: 0, outputTokens: 0 };
      let finishReason: string | undefined;
      let model: string | undefined;
      // Tool calls stream as pieces keyed by index: the id and name first, then the arguments text.
      const calls = new Map<number, { id: string; name: string; arguments: string }>();
      for await (const chunk of stream) {
        model = chunk.model || model;
        if (chunk.usage) usage = usageOf(chunk.usage);
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        const text = choice?.delta?.content;
        if (text) yield { type: 'text', text };
        for (const piece of choice?.delta?.tool_calls ?? []) {
          const call = calls.get(piece.index) ?? { id: '', name: '', arguments: '' };
          if (piece.id) call.id = piece.id;
          if (piece.function?.name) call.name += piece.function.name;
          if (piece.function?.arguments) call.arguments += piece.function.arguments;
          calls.set(piece.index, call);
        }
      }
      for (const [, call] of [...calls].sort(([a], [b]) => a - b)) {
        const toolCall: ToolCall = { id: call.id, name: call.name, arguments: parseToolArguments(call.arguments) };
        yield { type: 'tool_call', call: toolCall };
      }
      yield { type: 'usage', usage, finishReason, model };
    },
  };
}
