import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../../src/app.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createUser } from '../helpers/users.ts';

describe('HTTP app', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('answers /healthz with 200 while the database answers', async () => {
    const res = await server.api('/healthz');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  it('sets helmet security headers and hides x-powered-by', async () => {
    const res = await server.api('/healthz');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('content-security-policy'));
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('refuses a body over 1 MB with 413 in the error shape', async () => {
    const res = await server.api('/api/auth/signin', { method: 'POST', json: { email: 'a@b.io', password: 'x'.repeat(1_100_000) } });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' } });
  });

  it('answers malformed JSON with 400 PARSE_ERROR', async () => {
    const res = await fetch(`${server.url}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PARSE_ERROR');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/no-such-thing'],
      ['POST', '/nothing-here'],
    ] as const) {
      const res = await server.api(path, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: { code: 'NOT_FOUND', message: 'Not found' } });
    }
  });

  it('answers any other page address with the web app under a strict CSP', async () => {
    const res = await server.api('/nothing-here');
    // 200 with the built app, 503 saying how to build it when web/dist is missing.
    assert.ok(res.status === 200 || res.status === 503, `status ${res.status}`);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
  });

  it('answers a zod failure with 400 and its issues, no stack', async () => {
    const res = await server.api('/api/auth/signup', { method: 'POST', json: { name: '', email: 'not-an-email', password: 'short' } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string; issues: Array<{ path: string[] }> } };
    assert.equal(body.error.code, 'BAD_REQUEST');
    assert.deepEqual(body.error.issues.map((i) => i.path[0]).sort(), ['email', 'name', 'password']);
    assert.deepEqual(Object.keys(body), ['error']);
    assert.ok(!JSON.stringify(body).includes('stack'));
  });

  it('serves the OpenAPI document and a readable reference page', async () => {
    const doc = (await (await server.api('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\.1/);
    assert.ok(doc.paths['/auth/signin']);
    const page = await server.api('/api/docs');
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /POST<\/span> <code>\/api\/auth\/signup<\/code>/);
  });

  it('treats SQL-looking input as plain data', async () => {
    const email = `x'); DROP TABLE "User"; --@example.com`;
    const res = await server.api('/api/auth/signin', { method: 'POST', json: { email, password: "' OR '1'='1" } });
    assert.equal(res.status, 401);
    const user = await createUser(server, { name: `Robert'); DROP TABLE "User";--` });
    const session = (await (await server.api('/api/auth/session', { token: user.token })).json()) as { user: { name: string } };
    assert.equal(session.user.name, `Robert'); DROP TABLE "User";--`);
  });
});

describe('HTTP app when the database is gone', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer();
    token = (await createUser(server)).token;
    await server.database.drop();
  });
  after(async () => {
    await server.close();
  });

  it('answers /healthz with 503', async () => {
    const res = await server.api('/healthz');
    assert.equal(res.status, 503);
  });

  it('answers a failing procedure with 500 and a generic message, never the internal one', async () => {
    for (const res of [
      await server.api('/api/auth/session', { token }),
      await server.api('/api/auth/signup', { method: 'POST', json: { name: 'A', email: 'a@example.com', password: 'long enough' } }),
    ]) {
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    }
  });

  it('logs every 500, on the REST door and the .prompt source and stream routes alike', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const app = createApp({ env: server.env, db: server.database.db, logger });
    const listener = app.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/api`;
    const headers = { authorization: `Bearer ${token}` };
    try {
      for (const [method, path, contentType] of [
        ['GET', '/auth/session', undefined],
        ['GET', '/prompts/p1/versions/1/source', undefined],
        ['POST', '/prompts/p1/source', 'text/plain'],
        ['POST', '/prompts/p1/test/stream', 'application/json'],
      ] as const) {
        const before = lines.length;
        const res = await fetch(`${base}${path}`, {
          method,
          headers: contentType ? { ...headers, 'content-type': contentType } : headers,
          ...(contentType ? { body: contentType === 'text/plain' ? 'Hi' : '{}' } : {}),
        });
        assert.equal(res.status, 500, path);
        assert.deepEqual(await res.json(), { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
        assert.ok(lines.length > before && lines.at(-1)!.level >= 50, `${method} ${path}: no error logged`);
      }
    } finally {
      listener.close();
    }
  });

  it('hides the internal message on the tRPC door too', async () => {
    const res = await server.api('/trpc/auth.session', { token });
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.match(text, /Internal server error/);
    assert.doesNotMatch(text, /stack|closed|pool|PGlite/i);
  });
});
