import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createOpenAIProvider } from '../../src/providers/openaiProvider.ts';
import { createNodeFetch } from '../../src/providers/nodeFetch.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A bare HTTP server whose answers each test scripts (what the local provider never sends). */
async function serve(
  handler: Handler,
): Promise<{ url: string; seen: { headers: IncomingMessage['headers']; body: string; path: string }[]; close(): Promise<void> }> {
  const seen: { headers: IncomingMessage['headers']; body: string; path: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body, path: req.url ?? '' });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 0,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

describe('createNodeFetch (the fetch given to the provider SDKs)', () => {
  it('decodes a gzip-compressed answer for the SDK even though it did not ask for compression', async () => {
    const server = await serve((_req, _body, res) => {
      const zipped = gzipSync(JSON.stringify(completion));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': zipped.length });
      res.end(zipped);
    });
    try {
      const provider = createOpenAIProvider({ apiKey: 'k', baseURL: `${server.url}/v1` });
      const answer = await provider.complete({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ text: 'Hi' }] }], config: {} });
      assert.equal(answer.text, 'Hi there');
      assert.deepEqual(answer.usage, { inputTokens: 3, outputTokens: 2 });
      assert.equal(server.seen[0]!.headers['accept-encoding'], undefined);
    } finally {
      await server.close();
    }
  });

  it('follows a 307 redirect with the same method and body', async () => {
    const server = await serve((req, _body, res) => {
      if (req.url === '/old/chat/completions') {
        res.writeHead(307, { location: '/v1/chat/completions', 'content-length': 0 });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion));
    });
    try {
      const provider = createOpenAIProvider({ apiKey: 'k', baseURL: `${server.url}/old` });
      const answer = await provider.complete({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ text: 'Moved?' }] }], config: {} });
      assert.equal(answer.text, 'Hi there');
      assert.deepEqual(
        server.seen.map((request) => request.path),
        ['/old/chat/completions', '/v1/chat/completions'],
      );
      assert.equal(server.seen[1]!.body, server.seen[0]!.body);
      assert.match(server.seen[1]!.body, /Moved\?/);
    } finally {
      await server.close();
    }
  });

  it('hands the body over as bytes that arrive in pieces, and keeps repeated headers', async () => {
    const server = await serve((_req, _body, res) => {
      res.writeHead(200, [
        ['content-type', 'text/plain'],
        ['x-note', 'a'],
        ['x-note', 'b'],
      ]);
      res.write('first ');
      setImmediate(() => res.end('second'));
    });
    try {
      const response = await createNodeFetch()(`${server.url}/text`, { method: 'GET' });
      assert.equal(response.status, 200);
      assert.equal(response.ok, true);
      assert.equal(response.headers.get('x-note'), 'a, b');
      assert.equal(response.headers.get('X-Note'), 'a, b');
      assert.equal(response.headers.has('x-missing'), false);
      assert.deepEqual(
        [...response.headers.keys()].filter((name) => name.startsWith('x-') || name === 'content-type'),
        ['content-type', 'x-note'],
      );
      assert.throws(() => response.headers.set('x-note', 'c'), TypeError);
      assert.equal(response.bodyUsed, false);
      const pieces: string[] = [];
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) pieces.push(Buffer.from(chunk).toString());
      assert.equal(pieces.join(''), 'first second');
      assert.equal(response.bodyUsed, true);
    } finally {
      await server.close();
    }
  });

  it('rejects as an AbortError when the signal aborts before the answer', async () => {
    const server = await serve(() => {
      // Never answers: only the abort can end the request.
    });
    try {
      const controller = new AbortController();
      const pending = createNodeFetch()(`${server.url}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
      controller.abort();
      await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    } finally {
      await server.close();
    }
  });
  it('turns a POST into a GET on 303 and drops credentials when a redirect leaves the origin', async () => {
    const target = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"done":true}');
    });
    const origin = await serve((_req, _body, res) => {
      res.writeHead(303, { location: `${target.url}/result`, 'content-length': 0 });
      res.end();
    });
    try {
      const response = await createNodeFetch()(`${origin.url}/start`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { authorization: 'Bearer secret', 'content-type': 'application/json', 'x-kept': 'yes' },
      });
      assert.deepEqual(await response.json(), { done: true });
      assert.equal(response.redirected, true);
      assert.equal(response.url, `${target.url}/result`);
      const [followed] = target.seen;
      assert.equal(followed!.body, '');
      assert.equal(followed!.headers.authorization, undefined);
      assert.equal(followed!.headers['content-type'], undefined);
      assert.equal(followed!.headers['x-kept'], 'yes');
      assert.equal(origin.seen[0]!.headers.authorization, 'Bearer secret');
    } finally {
      await Promise.all([origin.close(), target.close()]);
    }
  });

  it('gives up after 20 redirects as fetch does', async () => {
    const server = await serve((req, _body, res) => {
      res.writeHead(302, { location: `/hop${Number(req.url!.slice(4) || 0) + 1}`, 'content-length': 0 });
      res.end();
    });
    try {
      await assert.rejects(createNodeFetch()(`${server.url}/hop0`), (error: Error) => error instanceof TypeError && /redirect count/.test(String(error.cause)));
      assert.equal(server.seen.length, 21);
    } finally {
      await server.close();
    }
  });

  it('speaks HTTPS, reusing one kept-alive TLS connection for calls in turn', async function () {
    // A throwaway self-signed certificate from openssl; the client accepts it for this test only.
    const dir = mkdtempSync(join(tmpdir(), 'promptstack-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      rmSync(dir, { recursive: true, force: true });
      this.skip(); // no openssl on this machine: nothing to make a certificate with
    }
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    let handshakes = 0;
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const fetch = createNodeFetch();
      for (const path of ['/first', '/second']) {
        const response = await fetch(`https://127.0.0.1:${port}${path}`, { method: 'POST', body: '{}' });
        assert.deepEqual(await response.json(), { path });
      }
      assert.equal(handshakes, 1);
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
