/**
 * Time to the first useful page of the web app: a project's prompts page loaded in Chromium
 * (playwright-core driving Debian's Chromium) until its prompt list shows, cold (a new browser
 * profile, empty cache) and warm (the same profile again: hashed assets from the cache), with
 * the bytes the browser received and what the same bytes weigh gzipped. The baseline, measured in
 * the same run against the same server, is the same address with JavaScript off: index.html and
 * its stylesheet, a static page and no app. Prints figures; asserts nothing.
 *
 * Needs the builds (`npm run build` at the root): server/dist/main.js and web/dist.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startChildServer, type ChildServer } from '../server/childServer.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = Number(process.env.WEB_BENCH_ROUNDS ?? 7);
const PROMPTS = 25;
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update'];

interface Load {
  ms: number;
  bytes: number;
  gzipBytes: number;
  requests: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Signs up, and makes a project with PROMPTS prompts; returns the session cookie and the page address. */
async function seed(url: string): Promise<{ token: string; path: string }> {
  const json = { 'content-type': 'application/json' };
  const credentials = { email: 'bench@example.com', password: 'correct horse battery staple' };
  await fetch(`${url}/api/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Bench', ...credentials }) });
  const { token } = (await (await fetch(`${url}/api/auth/signin`, { method: 'POST', headers: json, body: JSON.stringify(credentials) })).json()) as {
    token: string;
  };
  const auth = { ...json, authorization: `Bearer ${token}` };
  const [workspace] = (await (await fetch(`${url}/api/workspaces`, { headers: auth })).json()) as Array<{ id: string }>;
  const project = (await (
    await fetch(`${url}/api/projects`, { method: 'POST', headers: auth, body: JSON.stringify({ workspaceId: workspace!.id, name: 'Support' }) })
  ).json()) as {
    id: string;
  };
  for (let i = 0; i < PROMPTS; i++) {
    const content = `---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    question: string\n---\nAnswer case ${i} briefly: {{question}}\n`;
    const res = await fetch(`${url}/api/prompts`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ projectId: project.id, name: `reply-${i}`, content }),
    });
    if (res.status !== 201) throw new Error(`creating a prompt answered ${res.status}: ${await res.text()}`);
  }
  return { token, path: `/projects/${project.id}` };
}

/** Loads `path` in `context` until `ready` is visible (or the load event without JavaScript), counting what arrived. */
async function load(context: BrowserContext, url: string, path: string, ready: ((page: Page) => Promise<void>) | undefined): Promise<Load> {
  const page = await context.newPage();
  const received: Array<Promise<{ bytes: number; gzipBytes: number }>> = [];
  let requests = 0;
  page.on('response', (response) => {
    requests++;
    // The body's size on the wire: 0 for an answer from the browser's cache.
    received.push(
      response
        .request()
        .sizes()
        .then(async ({ responseBodySize }) => ({
          bytes: responseBodySize,
          gzipBytes: responseBodySize > 0 ? gzipSync(await response.body()).length : 0,
        }))
        .catch(() => ({ bytes: 0, gzipBytes: 0 })),
    );
  });
  const started = performance.now();
  await page.goto(`${url}${path}`, { waitUntil: ready ? 'commit' : 'load' });
  if (ready) await ready(page);
  const ms = performance.now() - started;
  const sizes = await Promise.all(received);
  await page.close();
  return {
    ms,
    requests,
    bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
    gzipBytes: sizes.reduce((sum, s) => sum + s.gzipBytes, 0),
  };
}

async function newContext(browser: Browser, url: string, token: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
  await context.addCookies([{ name: 'next-auth.session-token', value: token, url }]);
  return context;
}

async function main() {
  for (const built of ['server/dist/main.js', 'web/dist/index.html']) {
    if (!existsSync(join(REPO, built))) throw new Error(`${built} is missing: run \`npm run build\` at the repository root first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'promptstack-web-bench-'));
  let server: ChildServer | undefined;
  let browser: Browser | undefined;
  try {
    // A new embedded database runs its migrations first: slow on a busy machine.
    server = await startChildServer(
      [join(REPO, 'server/dist/main.js')],
      { DATABASE_URL: '', PROMPTSTACK_DATA_DIR: dataDir, LOG_LEVEL: 'error', NODE_ENV: 'development', RATE_LIMIT_WRITES_PER_MINUTE: '0' },
      '/healthz',
      240_000,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const { token, path } = await seed(server.url);
    const appReady = async (page: Page) => {
      await page.getByRole('link', { name: `reply-${PROMPTS - 1}` }).waitFor({ timeout: 60_000 });
    };
    const rows: Record<'baseline' | 'cold' | 'warm', Load[]> = { baseline: [], cold: [], warm: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const statics = await newContext(browser, server.url, token, false);
      rows.baseline.push(await load(statics, server.url, path, undefined));
      await statics.close();
      const app = await newContext(browser, server.url, token, true);
      rows.cold.push(await load(app, server.url, path, appReady));
      rows.warm.push(await load(app, server.url, path, appReady));
      await app.close();
    }
    const base = median(rows.baseline.map((r) => r.ms));
    const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
    console.log(
      `web first load: ${path} with ${PROMPTS} prompts, ${ROUNDS} rounds, medians; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log('| load | time to the prompt list | vs static page | requests | bytes received | the same gzipped |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [name, label] of [
      ['baseline', 'static page (same address, JavaScript off)'],
      ['cold', 'app, cold (new profile)'],
      ['warm', 'app, warm (cached assets)'],
    ] as const) {
      const list = rows[name];
      const ms = median(list.map((r) => r.ms));
      console.log(
        `| ${label} | ${ms.toFixed(0)} ms | ${(ms / base).toFixed(2)}x | ${median(list.map((r) => r.requests))} | ${kb(median(list.map((r) => r.bytes)))} | ${kb(median(list.map((r) => r.gzipBytes)))} |`,
      );
    }
    const index = readFileSync(join(REPO, 'web/dist/index.html'), 'utf8');
    const scripts = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const firstLoad = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(REPO, 'web/dist/assets', file))).length, 0);
    console.log(`first-load assets named by index.html (${scripts.join(', ')}): ${kb(firstLoad)} gzipped`);
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
