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
 * Redirects are followed as fetch follows them. Compression is not asked for (chat answers are
 * small); an answer compressed anyway is decoded, as fetch would.
 */
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, interceptors, request, type Dispatcher } from 'undici';

/** The fetch signature the SDKs call (`fetch(url, init)`). */
export type ProviderFetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** fetch's own redirect limit. */
const MAX_REDIRECTIONS = 20;

let shared: Dispatcher | undefined;

/**
 * One keep-alive pool per origin for the whole process: runs against the same provider share
 * sockets however many clients (workspaces, credentials) there are.
 */
function sharedDispatcher(): Dispatcher {
  // (undici's decompress interceptor would do the decoding below, but it is still experimental
  // and prints a warning in every process that uses it.)
  shared ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 }).compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
  );
  return shared;
}

/** Flattens any `HeadersInit` to undici's `[name, value, name, value...]` form. */
function flatHeaders(init: HeadersInit | undefined): string[] {
  const flat: string[] = [];
  const add = (name: string, value: string) => {
    flat.push(name, value);
  };
  if (init instanceof Headers) init.forEach((value, name) => add(name, value));
  else if (Array.isArray(init)) for (const [name, value] of init) add(name!, value!);
  else if (init) for (const [name, value] of Object.entries(init)) if (value !== undefined) add(name, String(value));
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

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The body as sent, or decoded when the server compressed it (one coding; stacked ones are rare). */
function decodedBody(body: Readable, encoding: string | string[] | undefined): Readable | undefined {
  const decoder = typeof encoding === 'string' ? DECODERS[encoding.trim().toLowerCase()] : undefined;
  if (!decoder) return undefined;
  // pipeline: an error either side ends both (a broken socket fails the read, bad gzip frees
  // the socket); the reader sees it on the decoded stream, so the callback has nothing to do.
  return pipeline(body, decoder(), () => {}) as unknown as Readable;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type RequestBody = string | Uint8Array | null | undefined;

/** Bodies `request` takes as they are; anything else (FormData, streams) goes to global fetch. */
function isPlainBody(body: unknown): body is RequestBody {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

/** The same shape over a decoded (decompressed) body. */
function decodedResponse(status: number, url: string, headers: Record<string, string | string[] | undefined>, body: Readable) {
  const bytes = () => readAll(body);
  return {
    status,
    statusText: '',
    ok: status >= 200 && status < 300,
    redirected: false,
    url,
    headers: responseHeaders(headers),
    body,
    bodyUsed: false,
    json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
    text: async () => (await bytes()).toString('utf8'),
    arrayBuffer: async () => {
      const buffer = await bytes();
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    },
    blob: async () => new Blob([new Uint8Array(await bytes())]),
  };
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
    const { statusCode } = answer;
    const decoded = decodedBody(answer.body, answer.headers['content-encoding']);
    // Only what the SDKs read: no Response object, so no web streams on the hot path.
    const response = decoded ? decodedResponse(statusCode, target, answer.headers, decoded) : {
      status: statusCode,
      statusText: '',
      ok: statusCode >= 200 && statusCode < 300,
      redirected: false,
      url: target,
      headers: responseHeaders(answer.headers),
      body: answer.body,
      get bodyUsed() {
        return answer.body.bodyUsed;
      },
      json: () => answer.body.json(),
      text: () => answer.body.text(),
      arrayBuffer: () => answer.body.arrayBuffer(),
      blob: () => answer.body.blob(),
    };
    return response as unknown as Response;
  };
}
