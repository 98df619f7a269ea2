/**
 * Dotprompt messages and config -> Anthropic Messages API parameters.
 * System messages go to the top-level `system`; model -> assistant; tool responses are user
 * `tool_result` blocks; consecutive messages of the same role are merged, since the API wants
 * user and assistant turns to alternate.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Message, Part } from 'dotprompt';
import type { ChatRequest, ModelConfig, ToolCall } from './types.ts';

type MessageParam = Anthropic.Messages.MessageParam;
type ContentBlock = Anthropic.Messages.ContentBlockParam;
type BodyParams = Anthropic.Messages.MessageCreateParamsNonStreaming;
type ImageMediaType = Anthropic.Messages.Base64ImageSource['media_type'];

/** Anthropic requires max_tokens; used when neither the config nor the catalog gives one. */
export const ANTHROPIC_FALLBACK_MAX_TOKENS = 1024;

const IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

function mediaBlock(media: { url: string; contentType?: string }): ContentBlock {
  const dataUrl = DATA_URL.exec(media.url);
  const contentType = media.contentType ?? dataUrl?.[1] ?? '';
  if (contentType === 'application/pdf') {
    return dataUrl
      ? { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: dataUrl[2]! } }
      : { type: 'document', source: { type: 'url', url: media.url } };
  }
  if (dataUrl && IMAGE_TYPES.includes(contentType)) {
    return { type: 'image', source: { type: 'base64', media_type: contentType as ImageMediaType, data: dataUrl[2]! } };
  }
  return { type: 'image', source: { type: 'url', url: media.url } };
}

function partBlock(part: Part): ContentBlock | undefined {
  if ('text' in part && typeof part.text === 'string') return part.text ? { type: 'text', text: part.text } : undefined;
  if ('media' in part && part.media) return mediaBlock(part.media);
  if ('toolRequest' in part && part.toolRequest) {
    const call = part.toolRequest;
    return { type: 'tool_use', id: call.ref ?? call.name, name: call.name, input: call.input ?? {} };
  }
  if ('toolResponse' in part && part.toolResponse) {
    const response = part.toolResponse;
    const content = typeof response.output === 'string' ? response.output : JSON.stringify(response.output ?? null);
    return { type: 'tool_result', tool_use_id: response.ref ?? response.name, content };
  }
  if ('data' in part && part.data) return { type: 'text', text: JSON.stringify(part.data) };
  return undefined;
}

function systemText(message: Message): string {
  return message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/** Maps Dotprompt's rendered messages to Anthropic's `system` and `messages`. */
export function toAnthropicMessages(messages: Message[]): { system?: string; messages: MessageParam[] } {
  const system: string[] = [];
  const out: { role: 'user' | 'assistant'; content: ContentBlock[] }[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const text = systemText(message);
      if (text) system.push(text);
      continue;
    }
    const role = message.role === 'model' ? 'assistant' : 'user';
    const blocks = message.content.map(partBlock).filter((block): block is ContentBlock => block !== undefined);
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  // A single text block is sent as a plain string, the API's most common (and most readable) form.
  const shaped: MessageParam[] = out.map(({ role, content }) =>
    content.length === 1 && content[0]!.type === 'text' ? { role, content: content[0]!.text } : { role, content },
  );
  return system.length > 0 ? { system: system.join('\n\n'), messages: shaped } : { messages: shaped };
}

/** The sampling parameters of a Messages request. */
export interface AnthropicSampling {
  max_tokens: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
}

/** Maps config to Anthropic parameters; `max_tokens` is always set. */
export function toAnthropicConfig(config: ModelConfig, defaultMaxTokens?: number): AnthropicSampling {
  const params: AnthropicSampling = {
    max_tokens: typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : (defaultMaxTokens ?? ANTHROPIC_FALLBACK_MAX_TOKENS),
  };
  if (typeof config.temperature === 'number') params.temperature = config.temperature;
  if (typeof config.topP === 'number') params.top_p = config.topP;
  if (typeof config.topK === 'number') params.top_k = config.topK;
  if (Array.isArray(config.stopSequences) && config.stopSequences.length > 0) params.stop_sequences = config.stopSequences;
  return params;
}

/** Our tool calls from a message's `tool_use` blocks. */
export function fromAnthropicContent(content: readonly Anthropic.Messages.ContentBlock[]): ToolCall[] | undefined {
  const calls = content.flatMap((block) => (block.type === 'tool_use' ? [{ id: block.id, name: block.name, arguments: block.input }] : []));
  return calls.length > 0 ? calls : undefined;
}

/**
 * The whole request body (without `stream`). A JSON answer with a schema goes through the
 * Messages API's structured outputs (`output_config.format`); the API has no schema-less JSON
 * mode, so `format: json` without a schema relies on the prompt asking for JSON.
 */
export function toAnthropicBody(request: ChatRequest): BodyParams {
  const { system, messages } = toAnthropicMessages(request.messages);
  const body: BodyParams = { model: request.model, messages, ...toAnthropicConfig(request.config, request.defaultMaxOutputTokens) };
  if (system !== undefined) body.system = system;
  if (request.output?.format === 'json' && request.output.schema) {
    body.output_config = { format: { type: 'json_schema', schema: request.output.schema } };
  }
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      input_schema: tool.inputSchema as Anthropic.Messages.Tool.InputSchema,
    }));
  }
  return body;
}
