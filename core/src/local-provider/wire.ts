/** What each wire protocol (OpenAI, Anthropic) supplies to the local provider server. */
import type { ServerResponse } from 'node:http';

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
}

/** Waits between chunks; resolves false when the client went away. */
export type Pause = () => Promise<boolean>;

/** One API's wire format. */
export interface WireProtocol {
  api: 'openai' | 'anthropic';
  /** The key the client sent, if any. */
  apiKey(headers: Record<string, string>): string | undefined;
  /** Text of the last user message (the default output echoes it). */
  lastUserText(body: any): string;
  /** All request text (for input token counts). */
  requestText(body: any): string;
  maxTokens(body: any): number | undefined;
  errorBody(status: number, message: string): unknown;
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
