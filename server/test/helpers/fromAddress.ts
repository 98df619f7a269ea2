/**
 * Requests from another loopback address (127.0.0.x), so a test can play a second client: the
 * throttles key on the client's IP, and `fetch` cannot choose the address it connects from.
 */
import { request } from 'node:http';
import type { TestServer } from './server.ts';

/** A parsed answer. */
export interface AddressedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** Sends `json` (POST) or nothing (GET) to `path` from `localAddress`, with an optional bearer token. */
export function requestFrom(
  server: TestServer,
  localAddress: string,
  path: string,
  options: { json?: unknown; token?: string } = {},
): Promise<AddressedAnswer> {
  const url = new URL(path, server.url);
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', localAddress, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
