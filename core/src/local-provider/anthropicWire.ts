/** The Anthropic messages wire format (`POST /v1/messages`), JSON and SSE events. */
import type { Answer, WireProtocol } from './wire.ts';
import { outputTokenCount, sendJson, startSse, writeEvent } from './wire.ts';

let sequence = 0;

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((block) => (block && block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
  }
  return '';
}

function systemText(system: unknown): string {
  return typeof system === 'string' ? system : contentText(system);
}

/** Anthropic's input counts: `input_tokens` leaves out what was read from the prompt cache. */
function inputUsage(answer: Answer) {
  return { input_tokens: answer.inputTokens - answer.cachedInputTokens, cache_read_input_tokens: answer.cachedInputTokens, cache_creation_input_tokens: 0 };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

function stopReason(answer: Answer): string {
  if (answer.toolCalls.length > 0) return 'tool_use';
  return answer.truncated ? 'max_tokens' : 'end_turn';
}

/** Anthropic's wire protocol. */
export const anthropicWire: WireProtocol = {
  api: 'anthropic',

  route(path) {
    return path === '/v1/messages' ? {} : undefined;
  },

  baseUrl(url) {
    return url;
  },

  invalidBody(body) {
    if (typeof body?.model !== 'string' || !body.model) return 'model: field required';
    return Array.isArray(body.messages) ? undefined : 'messages: field required';
  },

  apiKey(headers) {
    const key = headers['x-api-key']?.trim();
    if (key) return key;
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    return bearer?.[1]?.trim() || undefined;
  },

  lastUserText(body) {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    const last = [...messages].reverse().find((message) => message?.role === 'user');
    return contentText(last?.content);
  },

  toolTurns(body) {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    return messages.filter(
      (message) => message?.role === 'assistant' && Array.isArray(message.content) && message.content.some((block: any) => block?.type === 'tool_use'),
    ).length;
  },

  requestText(body) {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    return [systemText(body?.system), ...messages.map((message) => contentText(message?.content))].join('\n');
  },

  maxTokens(body) {
    return typeof body?.max_tokens === 'number' ? body.max_tokens : undefined;
  },

  errorBody(status, message) {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } };
  },

  writeJson(res, answer) {
    sequence += 1;
    sendJson(res, 200, {
      id: `msg_local_${sequence}`,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content:
        answer.toolCalls.length > 0
          ? answer.toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments ?? {} }))
          : [{ type: 'text', text: answer.tokens.join('') }],
      stop_reason: stopReason(answer),
      stop_sequence: null,
      usage: { ...inputUsage(answer), output_tokens: outputTokenCount(answer) },
    });
  },

  async writeStream(res, answer, pause) {
    sequence += 1;
    startSse(res);
    writeEvent(
      res,
      {
        type: 'message_start',
        message: {
          id: `msg_local_${sequence}`,
          type: 'message',
          role: 'assistant',
          model: answer.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...inputUsage(answer), output_tokens: 1 },
        },
      },
      'message_start',
    );
    writeEvent(res, { type: 'ping' }, 'ping');
    if (answer.toolCalls.length === 0) {
      writeEvent(res, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start');
      for (const chunk of answer.chunks) {
        if (!(await pause())) return;
        writeEvent(res, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk } }, 'content_block_delta');
      }
      writeEvent(res, { type: 'content_block_stop', index: 0 }, 'content_block_stop');
    }
    // A tool_use block streams its input as JSON text in pieces (input_json_delta).
    for (const [index, call] of answer.toolCalls.entries()) {
      if (!(await pause())) return;
      writeEvent(
        res,
        { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } },
        'content_block_start',
      );
      const text = JSON.stringify(call.arguments ?? {});
      const half = Math.ceil(text.length / 2);
      for (const piece of [text.slice(0, half), text.slice(half)].filter(Boolean)) {
        writeEvent(res, { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }, 'content_block_delta');
      }
      writeEvent(res, { type: 'content_block_stop', index }, 'content_block_stop');
    }
    writeEvent(
      res,
      {
        type: 'message_delta',
        delta: { stop_reason: stopReason(answer), stop_sequence: null },
        usage: { output_tokens: outputTokenCount(answer) },
      },
      'message_delta',
    );
    writeEvent(res, { type: 'message_stop' }, 'message_stop');
    res.end();
  },
};
