/**
 * A local HTTP server that speaks the wire protocol of every runnable provider (OpenAI chat
 * completions, Anthropic messages, Gemini generateContent), with behaviour scripted per model. The real SDKs talk to it in tests and in
 * offline demos; every request is logged so tests can assert what was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderCredentialsMap } from '../providers/createProvider.ts';
import { PROVIDER_MODULES } from '../providers/registry.ts';
import { RUNNABLE_PROVIDER_IDS, type RunnableProviderId } from '../providers/runnableProviders.ts';
import { openaiWire } from './openaiWire.ts';
import { chunkTokens, countTokens, ScriptBook, type LoggedRequest, type ProviderScript } from './script.ts';
import { sendJson, type WireProtocol, type WireRoute } from './wire.ts';

export type { LoggedRequest, ModelScript, ProviderScript, FailWith } from './script.ts';

/** Options of {@link startLocalProviderServer}. */
export interface LocalProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, only this key is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  script?: ProviderScript;
  /**
   * Keep every request in `requests` (default true, for tests). The CLI turns it off: a demo or
   * bench sends thousands of requests nobody reads back, and the log would only grow.
   */
  keepRequests?: boolean;
}

/** A running local provider. */
export interface LocalProviderServer {
  url: string;
  /** Each provider's base URL, as its SDK takes it (`baseUrls.googleai` for `@google/genai`). */
  baseUrls: Readonly<Record<RunnableProviderId, string>>;
  /** For the `openai` SDK / OPENAI_BASE_URL (includes `/v1`); the same as `baseUrls.openai`. */
  openaiBaseUrl: string;
  /** For `@anthropic-ai/sdk` / ANTHROPIC_BASE_URL (the SDK adds `/v1/messages`); the same as `baseUrls.anthropic`. */
  anthropicBaseUrl: string;
  /**
   * Credentials that send every provider's runs here: its base URL with the key the server was
   * started with (`local-key` when it takes any key), for `runPrompt`'s `credentials`.
   */
  credentials: Readonly<ProviderCredentialsMap>;
  /** Every request received, oldest first. */
  readonly requests: LoggedRequest[];
  /** Replaces the script (and resets its counters and generators). */
  setScript(script: ProviderScript): void;
  close(): Promise<void>;
}

/** Every runnable provider's protocol; a request goes to the first whose routes include its path. */
const WIRES: readonly WireProtocol[] = RUNNABLE_PROVIDER_IDS.map((id) => PROVIDER_MODULES[id].wire);

function findRoute(path: string): { wire: WireProtocol; route: WireRoute } | undefined {
  for (const wire of WIRES) {
    const route = wire.route(path);
    if (route) return { wire, route };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the client went away). */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Starts the server; resolves once it listens. */
export async function startLocalProviderServer(options: LocalProviderOptions = {}): Promise<LocalProviderServer> {
  let book = new ScriptBook(options.script);
  const requests: LoggedRequest[] = [];
  let toolCallSequence = 0;

  async function handle(wire: WireProtocol, route: WireRoute, req: IncomingMessage, res: ServerResponse, gone: AbortSignal): Promise<void> {
    const headers = headersOf(req);
    const body = parseJson(await readBody(req)) as any;
    const entry: LoggedRequest = {
      api: wire.api,
      method: req.method ?? 'POST',
      path: req.url ?? '',
      headers,
      body,
      model: route.model ?? (typeof body?.model === 'string' ? body.model : ''),
      stream: route.stream ?? body?.stream === true,
      status: 200,
    };
    if (options.keepRequests !== false) requests.push(entry);
    const fail = (status: number, message: string, retryAfter?: number | string) => {
      entry.status = status;
      const extra: Record<string, string> = retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {};
      sendJson(res, status, wire.errorBody(status, message, typeof retryAfter === 'number' ? retryAfter : undefined), extra);
    };

    const key = wire.apiKey(headers);
    if (!key) return fail(401, 'Missing API key');
    if (options.apiKey !== undefined && key !== options.apiKey) return fail(401, 'Invalid API key');
    if (body === undefined || typeof body !== 'object') return fail(400, 'Request body is not valid JSON');
    const invalid = wire.invalidBody(body);
    if (invalid) return fail(400, invalid);

    const plan = book.plan(entry, `Echo: ${wire.lastUserText(body)}`, wire.maxTokens(body), wire.toolTurns(body) + 1, wire.requestedJson(body));
    if (!(await wait(plan.latencyMs, gone))) return;
    if (plan.kind === 'fail') return fail(plan.failWith.status, plan.failWith.message ?? `Scripted ${plan.failWith.status}`, plan.failWith.retryAfter);
    const inputTokens = countTokens(wire.requestText(body));
    const answer = {
      model: entry.model,
      tokens: plan.tokens,
      chunks: chunkTokens(plan.tokens, plan.tokensPerChunk),
      truncated: plan.truncated,
      inputTokens,
      cachedInputTokens: Math.min(plan.cachedInputTokens, inputTokens),
      body,
      toolCalls: plan.toolCalls.map((call) => ({ ...call, id: `call_local_${(toolCallSequence += 1)}` })),
    };
    if (entry.stream) await wire.writeStream(res, answer, () => wait(plan.chunkDelayMs, gone));
    else wire.writeJson(res, answer);
  }

  const server = createServer((req, res) => {
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const path = (req.url ?? '').split('?')[0]!;
    const found = req.method === 'POST' ? findRoute(path) : undefined;
    if (path === '/health') return sendJson(res, 200, { ok: true });
    if (!found) return sendJson(res, 404, openaiWire.errorBody(404, `No route ${req.method} ${path}`));
    const { wire, route } = found;
    handle(wire, route, req, res, gone.signal).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, wire.errorBody(500, error instanceof Error ? error.message : String(error)));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const baseUrls = Object.fromEntries(WIRES.map((wire) => [wire.api, wire.baseUrl(url)])) as Record<RunnableProviderId, string>;
  const apiKey = options.apiKey ?? 'local-key';
  const credentials: ProviderCredentialsMap = Object.fromEntries(WIRES.map((wire) => [wire.api, { apiKey, baseURL: baseUrls[wire.api] }]));

  return {
    url,
    baseUrls,
    openaiBaseUrl: baseUrls.openai,
    anthropicBaseUrl: baseUrls.anthropic,
    credentials,
    requests,
    setScript(script) {
      book = new ScriptBook(script);
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
