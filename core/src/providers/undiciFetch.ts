/**
 * The `fetch` the provider SDKs are given: undici's `request` API behind the small part of the
 * fetch interface the `openai` and `@anthropic-ai/sdk` clients use (status, headers, `json()`,
 * `text()`, and `body` as an async iterable for SSE).
 *
 * Why: Node 20's global fetch builds a WHATWG Request, Response and ReadableStreams (and tees
 * the body) for every call, which measured about 0.4 ms of the SDK's 0.7 ms CPU per chat call at
 * concurrency 20 (bench/runs/engine.bench.ts); `request` over a keep-alive pool does the same
 * HTTP work for a fraction of that. Both SDKs accept a `fetch` option for exactly this, so
 * everything else (request building, errors, retries' headers, SSE parsing) stays the SDKs'.
 * Redirects are followed and compressed bodies decoded, as fetch does.
 */
import { Agent, interceptors, request, type Dispatcher } from 'undici';

/** The fetch signature the SDKs call (`fetch(url, init)`). */
export type ProviderFetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** As fetch (undici) asks for by default, so a real API may compress its answer. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** fetch's own redirect limit. */
const MAX_REDIRECTIONS = 20;

let shared: Dispatcher | undefined;

/**
 * One keep-alive pool per origin for the whole process: runs against the same provider share
 * sockets however many clients (workspaces, credentials) there are.
 */
function sharedDispatcher(): Dispatcher {
  shared ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 }).compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
    interceptors.decompress(),
  );
  return shared;
}

/** Flattens any `HeadersInit` to undici's `[name, value, name, value...]` form. */
function flatHeaders(init: HeadersInit | undefined): string[] {
  const flat: string[] = [];
  let hasEncoding = false;
  const add = (name: string, value: string) => {
    if (name.toLowerCase() === 'accept-encoding') hasEncoding = true;
    flat.push(name, value);
  };
  if (init instanceof Headers) init.forEach((value, name) => add(name, value));
  else if (Array.isArray(init)) for (const [name, value] of init) add(name!, value!);
  else if (init) for (const [name, value] of Object.entries(init)) if (value !== undefined) add(name, String(value));
  if (!hasEncoding) flat.push('accept-encoding', ACCEPT_ENCODING);
  return flat;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}

type RequestBody = string | Uint8Array | null | undefined;

/** Bodies `request` takes as they are; anything else (FormData, streams) goes to global fetch. */
function isPlainBody(body: unknown): body is RequestBody {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

/**
 * A fetch over undici's `request` with a shared keep-alive pool. Requests whose body is not a
 * string or bytes (file uploads) and non-string URLs fall back to the global fetch.
 */
export function createUndiciFetch(dispatcher: Dispatcher = sharedDispatcher()): ProviderFetch {
  return async (url, init = {}) => {
    if ((typeof url !== 'string' && !(url instanceof URL)) || !isPlainBody(init.body)) return fetch(url, init);
    const target = String(url);
    const answer = await request(target, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: flatHeaders(init.headers),
      body: init.body,
      signal: init.signal ?? undefined,
      dispatcher,
    });
    const { statusCode, body } = answer;
    // Only what the SDKs read: no Response object, so no web streams on the hot path.
    const response = {
      status: statusCode,
      statusText: '',
      ok: statusCode >= 200 && statusCode < 300,
      redirected: false,
      url: target,
      headers: responseHeaders(answer.headers),
      body,
      get bodyUsed() {
        return body.bodyUsed;
      },
      json: () => body.json(),
      text: () => body.text(),
      arrayBuffer: () => body.arrayBuffer(),
      blob: () => body.blob(),
    };
    return response as unknown as Response;
  };
}
