/** The OpenAI chat completions wire format (`POST /v1/chat/completions`), JSON and SSE. */
import type { Answer, WireProtocol } from './wire.ts';
import { outputTokenCount, sendJson, startSse, writeEvent } from './wire.ts';

let sequence = 0;

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
  }
  return '';
}

function usage(answer: Answer) {
  const completion = outputTokenCount(answer);
  const counts = { prompt_tokens: answer.inputTokens, completion_tokens: completion, total_tokens: answer.inputTokens + completion };
  // OpenAI counts cached tokens inside prompt_tokens and names them apart in the details.
  return answer.cachedInputTokens ? { ...counts, prompt_tokens_details: { cached_tokens: answer.cachedInputTokens } } : counts;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

function finishReason(answer: Answer): string {
  if (answer.toolCalls.length > 0) return 'tool_calls';
  return answer.truncated ? 'length' : 'stop';
}

function toolCallsOf(answer: Answer) {
  return answer.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) } }));
}

/** OpenAI's wire protocol. */
export const openaiWire: WireProtocol = {
  api: 'openai',

  route(path) {
    return path === '/v1/chat/completions' ? {} : undefined;
  },

  baseUrl(url) {
    return `${url}/v1`;
  },

  invalidBody(body) {
    if (typeof body?.model !== 'string' || !body.model) return 'model: field required';
    return Array.isArray(body.messages) ? undefined : 'messages: field required';
  },

  apiKey(headers) {
    const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    return match?.[1]?.trim() || undefined;
  },

  lastUserText(body) {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    const last = [...messages].reverse().find((message) => message?.role === 'user');
    return contentText(last?.content);
  },

  toolTurns(body) {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    return messages.filter((message) => message?.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0).length;
  },

  requestText(body) {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    return messages.map((message) => contentText(message?.content)).join('\n');
  },

  maxTokens(body) {
    const value = body?.max_completion_tokens ?? body?.max_tokens;
    return typeof value === 'number' ? value : undefined;
  },

  errorBody(status, message) {
    return { error: { message, type: ERROR_TYPES[status] ?? 'server_error', param: null, code: status === 429 ? 'rate_limit_exceeded' : null } };
  },

  writeJson(res, answer) {
    sequence += 1;
    sendJson(res, 200, {
      id: `chatcmpl-local-${sequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: answer.model,
      choices: [
        {
          index: 0,
          message:
            answer.toolCalls.length > 0
              ? { role: 'assistant', content: null, refusal: null, tool_calls: toolCallsOf(answer) }
              : { role: 'assistant', content: answer.tokens.join(''), refusal: null },
          logprobs: null,
          finish_reason: finishReason(answer),
        },
      ],
      usage: usage(answer),
    });
  },

  async writeStream(res, answer, pause) {
    sequence += 1;
    const includeUsage = answer.body?.stream_options?.include_usage === true;
    const base = { id: `chatcmpl-local-${sequence}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: answer.model };
    // With include_usage, every chunk carries `usage: null` except the final usage-only chunk.
    const extra = includeUsage ? { usage: null } : {};
    startSse(res);
    writeEvent(res, { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], ...extra });
    for (const chunk of answer.chunks) {
      if (!(await pause())) return;
      writeEvent(res, { ...base, choices: [{ index: 0, delta: { content: chunk }, logprobs: null, finish_reason: null }], ...extra });
    }
    // A tool call streams as OpenAI sends it: id and name first, then its arguments in two pieces.
    for (const [index, call] of toolCallsOf(answer).entries()) {
      if (!(await pause())) return;
      const head = { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
      writeEvent(res, { ...base, choices: [{ index: 0, delta: { tool_calls: [head] }, logprobs: null, finish_reason: null }], ...extra });
      const text = call.function.arguments;
      const half = Math.ceil(text.length / 2);
      for (const piece of [text.slice(0, half), text.slice(half)].filter(Boolean)) {
        const delta = { tool_calls: [{ index, function: { arguments: piece } }] };
        writeEvent(res, { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }], ...extra });
      }
    }
    writeEvent(res, { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason(answer) }], ...extra });
    if (includeUsage) writeEvent(res, { ...base, choices: [], usage: usage(answer) });
    writeEvent(res, '[DONE]');
    res.end();
  },
};
