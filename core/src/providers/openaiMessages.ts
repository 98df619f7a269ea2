/**
 * Dotprompt messages and config -> OpenAI chat completions parameters.
 * Roles: system -> system, user -> user, model -> assistant, tool -> tool (one per response).
 */
import type { Message, Part } from 'dotprompt';
import type OpenAI from 'openai';
import { strictCompatible } from '../structured/strictCompatible.ts';
import { parseToolArguments } from './toolArguments.ts';
import type { ChatRequest, ModelConfig, RequestedOutput, ToolCall } from './types.ts';

type MessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type UserContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;
type BodyParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

function partText(part: Part): string {
  if ('text' in part && typeof part.text === 'string') return part.text;
  if ('data' in part && part.data) return JSON.stringify(part.data);
  // Only user messages can carry images in this API; elsewhere the URL stands in as text.
  if ('media' in part && part.media) return part.media.url;
  return '';
}

function textOf(message: Message): string {
  return message.content.map(partText).join('');
}

function userContent(message: Message): string | UserContentPart[] {
  if (!message.content.some((part) => 'media' in part && part.media)) return textOf(message);
  const parts: UserContentPart[] = [];
  for (const part of message.content) {
    if ('media' in part && part.media) parts.push({ type: 'image_url', image_url: { url: part.media.url } });
    else {
      const text = partText(part);
      if (text) parts.push({ type: 'text', text });
    }
  }
  return parts;
}

function assistantMessage(message: Message): MessageParam {
  const calls = message.content.flatMap((part) => ('toolRequest' in part && part.toolRequest ? [part.toolRequest] : []));
  const text = textOf(message);
  if (calls.length === 0) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text || null,
    tool_calls: calls.map((call) => ({
      id: call.ref ?? call.name,
      type: 'function' as const,
      function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) },
    })),
  };
}

function toolMessages(message: Message): MessageParam[] {
  const responses = message.content.flatMap((part) => ('toolResponse' in part && part.toolResponse ? [part.toolResponse] : []));
  if (responses.length === 0) return [{ role: 'user', content: textOf(message) }];
  return responses.map((response) => ({
    role: 'tool' as const,
    tool_call_id: response.ref ?? response.name,
    content: typeof response.output === 'string' ? response.output : JSON.stringify(response.output ?? null),
  }));
}

/** Maps Dotprompt's rendered messages to OpenAI `messages`. */
export function toOpenAIMessages(messages: Message[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: textOf(message) });
        break;
      case 'model':
        out.push(assistantMessage(message));
        break;
      case 'tool':
        out.push(...toolMessages(message));
        break;
      default:
        out.push({ role: 'user', content: userContent(message) });
    }
  }
  return out;
}

/**
 * Maps config to OpenAI parameters. OpenAI's own models take `max_completion_tokens`
 * (`max_tokens` is deprecated and refused by o-series); OpenAI-compatible servers such as
 * Ollama and vLLM know only `max_tokens`, so `compatible` picks that one.
 */
export function toOpenAIConfig(config: ModelConfig, compatible: boolean): Partial<BodyParams> {
  const params: Partial<BodyParams> = {};
  if (typeof config.temperature === 'number') params.temperature = config.temperature;
  if (typeof config.topP === 'number') params.top_p = config.topP;
  if (typeof config.maxOutputTokens === 'number') {
    if (compatible) params.max_tokens = config.maxOutputTokens;
    else params.max_completion_tokens = config.maxOutputTokens;
  }
  if (Array.isArray(config.stopSequences) && config.stopSequences.length > 0) params.stop = config.stopSequences;
  if (typeof config.seed === 'number') params.seed = config.seed;
  if (typeof config.frequencyPenalty === 'number') params.frequency_penalty = config.frequencyPenalty;
  if (typeof config.presencePenalty === 'number') params.presence_penalty = config.presencePenalty;
  return params;
}

/** The name OpenAI's `json_schema` response format needs; the answer's schema has no name of its own. */
export const OPENAI_OUTPUT_SCHEMA_NAME = 'output';

/**
 * `response_format` for a JSON answer: the schema (strict when strict mode can take it), or JSON
 * mode without one. Undefined for text.
 */
export function toOpenAIResponseFormat(output: RequestedOutput | undefined): BodyParams['response_format'] {
  if (output?.format !== 'json') return undefined;
  if (!output.schema) return { type: 'json_object' };
  const strict = strictCompatible(output.schema).length === 0;
  return { type: 'json_schema', json_schema: { name: OPENAI_OUTPUT_SCHEMA_NAME, schema: output.schema, strict } };
}

/** Our tool calls from an assistant message's `tool_calls` (custom tools, which carry no JSON arguments, left out). */
export function fromOpenAIToolCalls(calls: OpenAI.Chat.Completions.ChatCompletionMessageToolCall[] | undefined): ToolCall[] | undefined {
  const ours = (calls ?? []).flatMap((call) =>
    call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: parseToolArguments(call.function.arguments) }] : [],
  );
  return ours.length > 0 ? ours : undefined;
}

/** The whole request body (without `stream`). */
export function toOpenAIBody(request: ChatRequest): BodyParams {
  const config = toOpenAIConfig(request.config, request.compatible ?? false);
  const body: BodyParams = { model: request.model, messages: toOpenAIMessages(request.messages), ...config };
  const responseFormat = toOpenAIResponseFormat(request.output);
  if (responseFormat) body.response_format = responseFormat;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.inputSchema },
    }));
  }
  return body;
}
