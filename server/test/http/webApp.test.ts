import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { webApp } from '../../src/http/webApp.ts';

/** A built app as Vite lays it out: index.html and a hashed script under assets/. */
function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'promptstack-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body>${'<div></div>'.repeat(200)}</body></html>`,
  );
  writeFileSync(join(dist, 'assets', 'app-1a2b3c.js'), `console.log(${JSON.stringify('promptstack '.repeat(500))});`);
  return dist;
}

describe('web app serving', () => {
  let dist: string;
  let server: ReturnType<express.Express['listen']>;
  let base: string;

  before(async () => {
    dist = fakeDist();
    const app = express();
    app.get('/api/ping', (_req, res) => res.json({ pong: 'x'.repeat(2000) }));
    app.use(webApp(dist));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  /** A raw GET (fetch would decompress and hide the encoding). */
  async function get(path: string, acceptEncoding?: string) {
    const { request } = await import('node:http');
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request(`${base}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('sends hashed assets compressed (brotli when accepted) and immutable', async () => {
    const answer = await get('/assets/app-1a2b3c.js', 'gzip, deflate, br');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-encoding'], 'br');
    assert.match(String(answer.headers['cache-control']), /immutable/);
    assert.ok(answer.body.length < 500, `${answer.body.length} bytes`);
    assert.match(brotliDecompressSync(answer.body).toString('utf8'), /^console\.log\("promptstack promptstack/);
  });

  it('sends the page compressed with its Content-Security-Policy, and plain to a client that asks for no encoding', async () => {
    const compressed = await get('/projects/abc', 'gzip');
    assert.equal(compressed.headers['content-encoding'], 'gzip');
    assert.match(String(compressed.headers['content-security-policy']), /script-src 'self'/);
    assert.match(gunzipSync(compressed.body).toString('utf8'), /^<!doctype html>/);
    const plain = await get('/projects/abc');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body.toString('utf8'), /^<!doctype html>/);
  });

  it('leaves API answers uncompressed', async () => {
    const answer = await get('/api/ping', 'gzip');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-encoding'], undefined);
  });
});
