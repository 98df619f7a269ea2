// `npm run test:webviews -w promptstack`: the webviews' own pages, driven in the real host.
// The extension-host tests (test/runHost.mjs) see what the extension posts to a webview, not the
// page itself; this script drives the page. It starts the VS Code server on a copy of
// test/fixtures/webview-workspace/, opens the workbench in headless Chromium (1400x900, dark
// theme) with test/webview/hostIndex.ts as the extension host's test index, and then, step by
// step (scenario.mjs), has the extension host run the real commands against core's local provider
// while Playwright reads and clicks the run results and A/B pages in their nested iframes.
// Screenshots go to docs/screenshots/ (`--no-screenshots` skips them).
// Prints `N passing` / `N failing` and `N passed, N failed` like the runner; exits 1 on a failure
// or after 5 minutes, and always closes the browser and kills the server's process group.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { installVscodeHost } from '../../../scripts/install-vscode-host.mjs';
import { BACKEND_URL_ENV, startBackend } from '../host/backend.mjs';
import { hostDirs, startVscodeServer } from '../host/vscodeServer.mjs';
import { workbenchUrl } from '../host/workbench.mjs';
import { startHostChannel } from './hostChannel.mjs';
import { webviewSteps } from './scenario.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXTENSION_DIR = resolve(HERE, '../..');
const REPO_ROOT = resolve(EXTENSION_DIR, '..');
const FIXTURE = join(EXTENSION_DIR, 'test/fixtures/webview-workspace');
const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');
/** Named in hostIndex.ts too (CONTROL_URL_ENV); the server's environment reaches the extension host. */
const CONTROL_URL_ENV = 'PROMPTSTACK_WEBVIEW_CONTROL';
const RUN_TIMEOUT_MS = Number(process.env.PROMPTSTACK_WEBVIEW_TIMEOUT_MS) || 300_000;
/** The size the README screenshots are taken at. */
const VIEWPORT = { width: 1400, height: 900 };
/** The recipe's flags: without the networking ones Chromium floods the closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const verbose = process.env.PROMPTSTACK_HOST_VERBOSE === '1';
const takeScreenshots = !process.argv.includes('--no-screenshots');

function say(line) {
  console.log(`[webviews] ${line}`);
}

/** The extension, its webview bundles and the language server it starts, built as `npm test` does. */
function buildExtension() {
  const step = (args, cwd) => spawnSync(args[0], args.slice(1), { cwd, stdio: 'inherit' }).status === 0;
  if (!existsSync(join(REPO_ROOT, 'language-server/dist/server.js'))) {
    step(['npm', 'run', 'build', '-w', '@promptstack/language-server', '--if-present'], REPO_ROOT);
  }
  if (!step([process.execPath, 'build.mjs'], EXTENSION_DIR)) throw new Error('the extension did not build (node extension/build.mjs)');
}

/** Bundles hostIndex.ts like build.mjs bundles the mocha index: CommonJS, `vscode` external. */
async function buildHostIndex(outDir) {
  await build({
    entryPoints: { index: join(HERE, 'hostIndex.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: true,
    logLevel: 'warning',
  });
  return join(outDir, 'index.js');
}

/** Runs the steps in order; after a failure the rest are skipped (they build on it). */
async function runSteps(steps) {
  const results = { passes: 0, failures: [], pending: 0 };
  for (const step of steps) {
    if (results.failures.length) {
      results.pending++;
      console.log(`    - ${step.title}`);
      continue;
    }
    const started = Date.now();
    try {
      await step.run();
      results.passes++;
      console.log(`    ✔ ${step.title} (${Date.now() - started} ms)`);
    } catch (error) {
      results.failures.push({ title: step.title, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      console.log(`    ✘ ${step.title}`);
    }
  }
  return results;
}

async function main() {
  const started = Date.now();
  const { vscodeDir, chromiumPath } = installVscodeHost();
  const tempDir = mkdtempSync(join(tmpdir(), 'promptstack-webviews-'));
  let server;
  let browser;
  let channel;
  let backend;
  let results = { passes: 0, failures: [], pending: 0 };
  const log = [];
  const cleanUp = async () => {
    channel?.close();
    await browser?.close().catch(() => {});
    server?.stop();
    backend?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => void cleanUp().finally(() => process.exit(1)));
  const timer = setTimeout(() => {
    console.log(`\n  the webview test timed out after ${RUN_TIMEOUT_MS / 1000} s\n${log.slice(-40).join('\n')}`);
    void cleanUp().finally(() => process.exit(1));
  }, RUN_TIMEOUT_MS);

  try {
    backend = await startBackend({ repoRoot: REPO_ROOT, dataDir: join(tempDir, 'backend') });
    buildExtension();
    const testsPath = await buildHostIndex(join(tempDir, 'index'));
    // A copy, so nothing the workbench or extension writes lands in the repository; its name is
    // what the explorer shows in the screenshots.
    const workspace = join(tempDir, 'support-desk');
    cpSync(FIXTURE, workspace, { recursive: true });
    if (takeScreenshots) mkdirSync(SCREENSHOTS, { recursive: true });

    channel = await startHostChannel();
    server = await startVscodeServer({
      vscodeDir,
      dirs: hostDirs(join(tempDir, 'host')),
      env: { [CONTROL_URL_ENV]: channel.url, [BACKEND_URL_ENV]: backend.url },
    });
    say(`VS Code server on port ${server.port}; opening the workbench`);

    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'dark' });
    let exited;
    const exit = new Promise((resolve) => (exited = resolve));
    const record = (type, message) => {
      log.push(`${type}: ${message}`);
      if (verbose) console.log(`  [workbench ${type}] ${message}`);
    };
    await page.exposeFunction('codeAutomationLog', (type, message) => record(type, Array.isArray(message) ? message.join(' ') : String(message)));
    await page.exposeFunction('codeAutomationExit', (code) => exited(Number(code)));
    page.on('pageerror', (error) => record('pageerror', String(error)));
    await page.goto(workbenchUrl({ port: server.port, folder: workspace, extensionPath: EXTENSION_DIR, testsPath }));

    // The extension host's first ask, or its exit if the index failed before asking.
    const first = await Promise.race([channel.connected.then(() => 'connected'), exit.then((code) => `exited ${code}`)]);
    if (first !== 'connected') throw new Error(`the extension host ${first} before asking for work`);
    say(`extension host ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    console.log('\n  webviews in the real host');
    results = await runSteps(webviewSteps({ page, host: channel, shots: takeScreenshots ? SCREENSHOTS : undefined, backendReady: backend.ready }));
    channel.close();
    // After a failure the extension host may still be mid-operation: no point waiting for it.
    if (results.failures.length === 0) {
      const code = await exit;
      if (code !== 0) results.failures.push({ title: 'extension host', error: `the test index exited ${code}\n${log.slice(-40).join('\n')}` });
    }
  } catch (error) {
    results.failures.push({
      title: 'webview test run',
      error: `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n--- workbench log (last 40 lines) ---\n${log.slice(-40).join('\n')}`,
    });
  } finally {
    clearTimeout(timer);
    await cleanUp();
  }

  results.failures.forEach((failure, index) => console.log(`\n  ${index + 1}) ${failure.title}\n${failure.error.replace(/^/gm, '     ')}`));
  console.log(`\n  ${results.passes} passing`);
  if (results.failures.length) console.log(`  ${results.failures.length} failing`);
  if (results.pending) console.log(`  ${results.pending} pending`);
  console.log(`\n${results.passes} passed, ${results.failures.length} failed`);
  if (takeScreenshots && results.failures.length === 0) say(`screenshots in ${SCREENSHOTS}`);
  say(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(results.failures.length > 0 ? 1 : 0);
}

await main();
