/**
 * The Google Gemini chat provider (`googleai/gemini-...`, as Dotprompt and Genkit name it), over
 * the official `@google/genai` SDK: message and config mapping, the client, and the SDK's errors.
 *
 * Roles: system -> `systemInstruction`, user -> user, model -> model, tool -> user turns of
 * `functionResponse` parts. Consecutive turns of one role are merged, as the API wants turns to
 * alternate.
 */
import { ApiError, GoogleGenAI, type Content, type GenerateContentConfig, type GenerateContentResponse, type Part as GeminiPart } from '@google/genai';
import type { Message, Part } from 'dotprompt';
import type { ClassifiedError } from './errors.ts';
import { runnableProvider } from './runnableProviders.ts';
import type { ChatProvider, ChatRequest, Chunk, Completion, ModelConfig, ProviderCredentials, ToolCall, Usage } from './types.ts';

const DEFAULT_BASE_URL = runnableProvider('googleai').defaultBaseUrl;
/** Set explicitly: otherwise the SDK takes GOOGLE_GENAI_API_VERSION from the environment. */
const API_VERSION = 'v1beta';

function textOf(message: Message): string {
  return message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/** `data:` URLs travel inline; any other URL as a file reference the API fetches. */
function mediaPart(media: { url: string; contentType?: string }): GeminiPart {
  const inline = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(media.url);
  if (inline) return { inlineData: { mimeType: media.contentType ?? inline[1] ?? 'application/octet-stream', data: inline[2]! } };
  return { fileData: { fileUri: media.url, ...(media.contentType ? { mimeType: media.contentType } : {}) } };
}

function toGeminiPart(part: Part): GeminiPart | undefined {
  if ('text' in part && typeof part.text === 'string') return { text: part.text };
  if ('media' in part && part.media) return mediaPart(part.media);
  if ('toolRequest' in part && part.toolRequest) {
    const { name, input, ref } = part.toolRequest;
    return { functionCall: { name, args: (input ?? {}) as Record<string, unknown>, ...(ref ? { id: ref } : {}) } };
  }
  if ('toolResponse' in part && part.toolResponse) {
    const output = part.toolResponse.output;
    const response = output && typeof output === 'object' && !Array.isArray(output) ? (output as Record<string, unknown>) : { output };
    const ref = part.toolResponse.ref;
    return { functionResponse: { name: part.toolResponse.name, response, ...(ref ? { id: ref } : {}) } };
  }
  if ('data' in part && part.data !== undefined) return { text: JSON.stringify(part.data) };
  return undefined;
}

/** Maps Dotprompt's rendered messages to Gemini `contents` and the system instruction. */
export function toGeminiContents(messages: Message[]): { contents: Content[]; systemInstruction?: string } {
  const system: string[] = [];
  const contents: Content[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      system.push(textOf(message));
      continue;
    }
    const role = message.role === 'model' ? 'model' : 'user';
    const parts = message.content.map(toGeminiPart).filter((part): part is GeminiPart => part !== undefined);
    if (parts.length === 0) continue;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts!.push(...parts);
    else contents.push({ role, parts });
  }
  const instruction = system.filter(Boolean).join('\n\n');
  return instruction ? { contents, systemInstruction: instruction } : { contents };
}

/** Maps config (Dotprompt/Genkit names are Gemini's own) to the SDK's generation config. */
export function toGeminiConfig(config: ModelConfig): GenerateContentConfig {
  const out: GenerateContentConfig = {};
  if (typeof config.temperature === 'number') out.temperature = config.temperature;
  if (typeof config.topP === 'number') out.topP = config.topP;
  if (typeof config.topK === 'number') out.topK = config.topK;
  if (typeof config.maxOutputTokens === 'number') out.maxOutputTokens = config.maxOutputTokens;
  if (Array.isArray(config.stopSequences) && config.stopSequences.length > 0) out.stopSequences = config.stopSequences;
  if (typeof config.seed === 'number') out.seed = config.seed;
  if (typeof config.presencePenalty === 'number') out.presencePenalty = config.presencePenalty;
  if (typeof config.frequencyPenalty === 'number') out.frequencyPenalty = config.frequencyPenalty;
  return out;
}

/**
 * The request's structured output and tools: JSON mode (`responseMimeType`) with the schema as
 * `responseJsonSchema` (plain JSON Schema, not the SDK's OpenAPI subset), tools as function
 * declarations with `parametersJsonSchema`.
 */
export function toGeminiOutputAndTools(request: Pick<ChatRequest, 'output' | 'tools'>): GenerateContentConfig {
  const out: GenerateContentConfig = {};
  if (request.output?.format === 'json') {
    out.responseMimeType = 'application/json';
    if (request.output.schema) out.responseJsonSchema = request.output.schema;
  }
  if (request.tools?.length) {
    out.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          parametersJsonSchema: tool.inputSchema,
        })),
      },
    ];
  }
  return out;
}

/**
 * Our tool calls from a response's `functionCall` parts. Gemini gives ids only on some models; a
 * call without one gets `name#n` (its position in the answer), which its response then carries.
 */
function toolCallsOf(response: GenerateContentResponse, offset = 0): ToolCall[] {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts
    .flatMap((part) => (part.functionCall ? [part.functionCall] : []))
    .map((call, index) => ({
      id: call.id ?? `${call.name ?? 'tool'}#${offset + index + 1}`,
      name: call.name ?? '',
      arguments: call.args ?? {},
    }));
}

function usageOf(response: GenerateContentResponse | undefined): Usage | undefined {
  const usage = response?.usageMetadata;
  if (!usage) return undefined;
  // Thinking models bill their thoughts as output tokens, reported apart from the answer's.
  return { inputTokens: usage.promptTokenCount ?? 0, outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) };
}

/** The answer's text, without thought summaries (read from parts: the SDK's `text` getter warns on other parts). */
function answerText(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((part) => (part.thought || typeof part.text !== 'string' ? '' : part.text)).join('');
}

/** Google's `RetryInfo.retryDelay` (`"30s"`, `"1.5s"`) from an error body's details, in milliseconds. */
function retryDelayMs(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = (detail as { retryDelay?: unknown } | null)?.retryDelay;
    const match = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

/**
 * Classifies the SDK's `ApiError` (whose message is the JSON error body) and the global fetch's
 * network failures; anything else is left to `classifyProviderError`.
 */
export function classifyGoogleAIError(error: unknown): ClassifiedError | undefined {
  if (error instanceof ApiError) {
    const status = error.status;
    let body: { error?: { message?: unknown; details?: unknown[] } } | undefined;
    try {
      body = JSON.parse(error.message) as typeof body;
    } catch {
      body = undefined;
    }
    const message = typeof body?.error?.message === 'string' && body.error.message ? body.error.message : error.message;
    const retryAfterMs = retryDelayMs(body?.error?.details);
    // The API answers an invalid key with a 400 whose details say API_KEY_INVALID.
    const badKey = (body?.error?.details ?? []).some((detail) => (detail as { reason?: unknown } | null)?.reason === 'API_KEY_INVALID');
    if (status === 401 || status === 403 || badKey) return { kind: 'auth', message, status, retryable: false };
    if (status === 429) return { kind: 'rate_limit', message, status, retryable: true, retryAfterMs };
    if (status === 408) return { kind: 'timeout', message, status, retryable: true, retryAfterMs };
    if (status >= 500) return { kind: 'provider', message, status, retryable: true, retryAfterMs };
    return { kind: 'provider', message, status, retryable: false };
  }
  // Node's global fetch fails with `TypeError: fetch failed` and the socket error as its cause.
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'network', message: `Cannot reach the provider${cause}`, retryable: true };
  }
  return undefined;
}

/**
 * Creates a Gemini provider from explicit credentials (never the environment); `baseURL` is the
 * SDK's `httpOptions.baseUrl`, the root before `/v1beta`.
 */
export function createGoogleAIProvider(credentials: ProviderCredentials = {}): ChatProvider {
  // Every option the SDK would otherwise take from the environment is set: the key, the base URL,
  // the API version, and Gemini API rather than Vertex AI. The SDK's own fetch is kept: it reads a
  // streamed body through WHATWG `getReader()` and wraps every event in a `Response`, which core's
  // Node-http fetch (nodeFetch.ts) deliberately does not build. The SDK does not retry unless
  // asked (`retryOptions`), so the runner's retries stay the only ones.
  const client = new GoogleGenAI({
    vertexai: false,
    apiKey: credentials.apiKey ?? 'missing-api-key',
    apiVersion: API_VERSION,
    httpOptions: { baseUrl: credentials.baseURL ?? DEFAULT_BASE_URL, ...(credentials.timeoutMs !== undefined ? { timeout: credentials.timeoutMs } : {}) },
  });
  const params = (request: ChatRequest, signal?: AbortSignal) => {
    const { contents, systemInstruction } = toGeminiContents(request.messages);
    const config: GenerateContentConfig = { ...toGeminiConfig(request.config), ...toGeminiOutputAndTools(request), abortSignal: signal };
    if (systemInstruction) config.systemInstruction = systemInstruction;
    if (request.timeoutMs !== undefined) config.httpOptions = { timeout: request.timeoutMs };
    return { model: request.model, contents, config };
  };

  return {
    id: 'googleai',

    async complete(request: ChatRequest, signal?: AbortSignal): Promise<Completion> {
      const response = await client.models.generateContent(params(request, signal));
      const completion: Completion = {
        text: answerText(response),
        usage: usageOf(response) ?? { inputTokens: 0, outputTokens: 0 },
        finishReason: response.candidates?.[0]?.finishReason ?? undefined,
        model: response.modelVersion ?? undefined,
      };
      const toolCalls = toolCallsOf(response);
      if (toolCalls.length > 0) completion.toolCalls = toolCalls;
      return completion;
    },

    async *stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<Chunk> {
      const stream = await client.models.generateContentStream(params(request, signal));
      let usage: Usage = { inputTokens: 0, outputTokens: 0 };
      let finishReason: string | undefined;
      let model: string | undefined;
      let calls = 0;
      for await (const response of stream) {
        // Usage comes with the last event; counts are cumulative, so the latest wins.
        usage = usageOf(response) ?? usage;
        finishReason = response.candidates?.[0]?.finishReason ?? finishReason;
        model = response.modelVersion ?? model;
        const text = answerText(response);
        if (text) yield { type: 'text', text };
        // Gemini streams each function call whole, in one event.
        for (const call of toolCallsOf(response, calls)) {
          calls += 1;
          yield { type: 'tool_call', call };
        }
      }
      yield { type: 'usage', usage, finishReason, model };
    },

    classifyError: classifyGoogleAIError,
  };
}
