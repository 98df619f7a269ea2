/**
 * The Gemini API wire format (`POST /v1beta/models/{model}:generateContent`, and
 * `:streamGenerateContent?alt=sse`: one GenerateContentResponse per SSE event, usage with the last).
 */
import type { Answer, WireProtocol } from './wire.ts';
import { outputTokenCount, sendJson, startSse } from './wire.ts';

let sequence = 0;

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** google.rpc status names by HTTP status, as the API puts them in `error.status`. */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

function partsText(content: any): string {
  const parts: any[] = Array.isArray(content?.parts) ? content.parts : [];
  return parts.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

function usageMetadata(answer: Answer) {
  const candidates = outputTokenCount(answer);
  return { promptTokenCount: answer.inputTokens, candidatesTokenCount: candidates, totalTokenCount: answer.inputTokens + candidates };
}

function response(answer: Answer, text: string, last: boolean) {
  // Function calls come whole, in the last event.
  const calls = last ? answer.toolCalls.map((call) => ({ functionCall: { id: call.id, name: call.name, args: call.arguments ?? {} } })) : [];
  const parts = calls.length > 0 ? calls : [{ text }];
  return {
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: answer.truncated ? 'MAX_TOKENS' : 'STOP' } : {}) }],
    ...(last ? { usageMetadata: usageMetadata(answer) } : {}),
    modelVersion: answer.model,
    responseId: `local-${sequence}`,
  };
}

/** Gemini's wire protocol. */
export const googleaiWire: WireProtocol = {
  api: 'googleai',

  route(path) {
    const match = ROUTE.exec(path);
    return match ? { model: decodeURIComponent(match[1]!), stream: match[2] === 'streamGenerateContent' } : undefined;
  },

  baseUrl(url) {
    return url;
  },

  invalidBody(body) {
    return Array.isArray(body?.contents) ? undefined : 'contents: field required';
  },

  apiKey(headers) {
    return headers['x-goog-api-key']?.trim() || undefined;
  },

  lastUserText(body) {
    const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
    const last = [...contents].reverse().find((content) => content?.role === 'user' || content?.role === undefined);
    return partsText(last);
  },

  toolTurns(body) {
    const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
    return contents.filter((content) => content?.role === 'model' && Array.isArray(content.parts) && content.parts.some((part: any) => part?.functionCall))
      .length;
  },

  requestText(body) {
    const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
    return [partsText(body?.systemInstruction), ...contents.map(partsText)].join('\n');
  },

  maxTokens(body) {
    const value = body?.generationConfig?.maxOutputTokens;
    return typeof value === 'number' ? value : undefined;
  },

  errorBody(status, message, retryAfterSeconds) {
    const details =
      retryAfterSeconds !== undefined ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }] : undefined;
    return { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN', ...(details ? { details } : {}) } };
  },

  writeJson(res, answer) {
    sequence += 1;
    sendJson(res, 200, response(answer, answer.tokens.join(''), true));
  },

  async writeStream(res, answer, pause) {
    sequence += 1;
    startSse(res);
    // Google ends each event with CRLF CRLF; the SDK splits on it as on LF LF.
    const write = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\r\n\r\n`);
    const chunks = answer.chunks.length > 0 ? answer.chunks : [''];
    for (const [index, chunk] of chunks.entries()) {
      if (!(await pause())) return;
      write(response(answer, chunk, index === chunks.length - 1));
    }
    res.end();
  },
};
