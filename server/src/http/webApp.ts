/**
 * Serves the web app (the `web/` package's build) at `/`: hashed files under `/assets/` with a
 * year-long immutable cache, and `index.html` for every other page address (the app routes in
 * the browser) with no caching and a strict Content-Security-Policy: scripts, styles, fonts and
 * connections from this origin only, no inline scripts or style attributes, no framing. The API
 * (`/api`, `/trpc`, `/healthz`) is never answered here: it is mounted first, and anything under
 * it that no route took falls through to the JSON 404. Files and page are compressed (brotli,
 * gzip or deflate, as the browser accepts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type RequestHandler, type Router } from 'express';

/** The policy of the app's pages. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const API_PREFIXES = ['/api', '/trpc', '/healthz'];

const compressWeb = compression();

/** Finds `web/dist` by walking up from this file (works from server/src and server/dist). */
export function findWebDist(start = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PromptStack</title></head>
<body><main><h1>PromptStack</h1><p>The web app has not been built. Run <code>npm run build</code> at the repository root, then reload.
The API is at <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

/** The web app's router; `dist` is the built app (undefined: a page saying how to build it). */
export function webApp(dist: string | undefined): Router {
  const router = express.Router();
  // The app's files and page go out compressed when the browser accepts it (about a third of the
  // bytes); the API's answers are left as they are.
  router.use((req, res, next) => (isApi(req.path) ? next() : compressWeb(req, res, next)));
  const isApi = (path: string) => API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  if (dist) {
    router.use('/assets', express.static(join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d' }), (_req, res) => {
      // A hashed file that is not there (a page of an older build asking for it): a plain 404, not the app.
      res.status(404).type('text').send('Not found');
    });
    router.use(express.static(dist, { index: false, maxAge: 0 }));
  }
  const page = dist ? readFileSync(join(dist, 'index.html'), 'utf8') : NOT_BUILT;
  const answerPage: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res
      .status(dist ? 200 : 503)
      .type('html')
      .send(page);
  };
  router.use(answerPage);
  return router;
}
