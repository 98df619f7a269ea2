/** What each provider's wire protocol supplies to the local provider server. */
import type { ServerResponse } from 'node:http';
import type { RunnableProviderId } from '../providers/runnableProviders.ts';
import { countTokens, type AnswerToolCall } from './script.ts';

/** An answer to write: the tokens, and the facts its usage and stop reason come from. */
export interface Answer {
  model: string;
  tokens: string[];
  chunks: string[];
  truncated: boolean;
  inputTokens: number;
  /** Of `inputTokens`, those reported as read from the prompt cache. */
  cachedInputTokens: number;
  /** The request body, for protocol options (`stream_options`). */
  body: any;
  /** Tool calls to answer with (empty for a text answer). */
  toolCalls: AnswerToolCall[];
}

/** Output tokens of an answer: its text tokens, and its tool calls' arguments by the same word rule. */
export function outputTokenCount(answer: Answer): number {
  return answer.tokens.length + answer.toolCalls.reduce((sum, call) => sum + Math.max(1, countTokens(JSON.stringify(call.arguments ?? {}))), 0);
}

/** Waits between chunks; resolves false when the client went away. */
export type Pause = () => Promise<boolean>;

/** What a request path says, when it is one of a protocol's routes. */
export interface WireRoute {
  /** The model, when the path names it (Gemini's `/models/{model}:generateContent`); else the body's `model`. */
  model?: string;
  /** Whether the answer is streamed, when the path says so; else the body's `stream`. */
  stream?: boolean;
}

/** One API's wire format. */
export interface WireProtocol {
  api: RunnableProviderId;
  /** The route `path` (without the query) is on this protocol, or undefined when it is not one of its routes. */
  route(path: string): WireRoute | undefined;
  /** The base URL this protocol's SDK takes for a server at `url` (`http://127.0.0.1:8787`). */
  baseUrl(url: string): string;
  /** Why the body cannot be answered (a 400), or undefined when it can. */
  invalidBody(body: any): string | undefined;
  /** The key the client sent, if any. */
  apiKey(headers: Record<string, string>): string | undefined;
  /** Text of the last user message (the default output echoes it). */
  lastUserText(body: any): string;
  /** How many model turns in the request asked for tools (the answer's turn is one more). */
  toolTurns(body: any): number;
  /** All request text (for input token counts). */
  requestText(body: any): string;
  maxTokens(body: any): number | undefined;
  /** The provider's error body; `retryAfterSeconds` for protocols that carry it in the body too. */
  errorBody(status: number, message: string, retryAfterSeconds?: number): unknown;
  writeJson(res: ServerResponse, answer: Answer): void;
  writeStream(res: ServerResponse, answer: Answer, pause: Pause): Promise<void>;
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Starts a server-sent events response. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** Writes one SSE event (`event:` line only when named, as OpenAI omits it). */
export function writeEvent(res: ServerResponse, data: unknown, event?: string): void {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
}
