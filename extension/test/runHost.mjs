// `npm test -w promptstack`: the extension's tests in a real VS Code extension host.
//   1. installs the host on first use (scripts/install-vscode-host.mjs: code-server's VS Code server + Chromium)
//   2. builds the language server when stale, then the extension and its test bundle
//   3. packaging test: builds the .vsix and installs it into the host; then the exports test: a second
//      extension (test/fixtures/exports-probe) activates the installed .vsix and must get nothing
//   4. starts the VS Code server, opens test/fixtures/workspace in headless Chromium with the test
//      payload, and lets the extension host run dist/test/index.js (mocha)
// Prints mocha-style `N passing` / `N failing` / `N pending` (what the root scripts/test.mjs sums)
// and a closing `N passed, N failed`; exits 1 on any failure or on timeout. Always cleans up.
// The sync/auth suites need the PromptStack backend: it is started beside the host on an embedded
// database (test/host/backend.mjs) and its URL handed over as PROMPTSTACK_TEST_BACKEND_URL; a
// `--grep` naming none of sync, auth, sign, backend or analytics skips it.
// Options: `--no-package` skips step 3; `--grep <text>` runs matching tests only; PROMPTSTACK_HOST_VERBOSE=1
// echoes the whole workbench log; PROMPTSTACK_HOST_TIMEOUT_MS changes the 15-minute bound.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostVscodeVersion, installVscodeHost } from '../../scripts/install-vscode-host.mjs';
import { BACKEND_URL_ENV, startBackend } from './host/backend.mjs';
import { exportsTest } from './host/exportsProbe.mjs';
import { packagingTest } from './host/packaging.mjs';
import { hostDirs, startVscodeServer } from './host/vscodeServer.mjs';
import { runWorkbench, workbenchUrl } from './host/workbench.mjs';

const EXTENSION_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(EXTENSION_DIR, '..');
const FIXTURE_WORKSPACE = join(EXTENSION_DIR, 'test/fixtures/workspace');
const TESTS_INDEX = join(EXTENSION_DIR, 'dist/test/index.js');
/**
 * Bound on building and running the suite, from after the packaging and exports tests (each bounded
 * on its own): a hung host must not hang CI (PROMPTSTACK_HOST_TIMEOUT_MS overrides).
 */
const RUN_TIMEOUT_MS = Number(process.env.PROMPTSTACK_HOST_TIMEOUT_MS) || 15 * 60_000;
/** The exports test's own bound: one workbench start and one activation. */
const EXPORTS_TIMEOUT_MS = 120_000;
/** Named here and read by test/suite/index.ts. */
const RESULTS_ENV = 'PROMPTSTACK_TEST_RESULTS';

const argv = process.argv.slice(2);
const skipPackaging = argv.includes('--no-package');
const grepIndex = argv.indexOf('--grep');
const grep = grepIndex >= 0 ? argv[grepIndex + 1] : undefined;
const verbose = process.env.PROMPTSTACK_HOST_VERBOSE === '1';
const needsBackend = !grep || /sync|auth|sign|backend|analytics/i.test(grep);

function say(line) {
  console.log(`[host] ${line}`);
}

/** Runs a build step with inherited output; false when it failed. */
function step(command, args, cwd) {
  return spawnSync(command, args, { cwd, stdio: 'inherit' }).status === 0;
}

/** Newest modification time of any file under `paths` (folders walked, node_modules/dist skipped). */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (!stat.isDirectory()) return void (latest = Math.max(latest, stat.mtimeMs));
    for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
  };
  paths.forEach(visit);
  return latest;
}

function buildLanguageServerIfStale() {
  const out = join(REPO_ROOT, 'language-server/dist/server.js');
  const built = existsSync(out) ? statSync(out).mtimeMs : 0;
  const sources = newest([join(REPO_ROOT, 'language-server/src'), join(REPO_ROOT, 'language-server/build.mjs'), join(REPO_ROOT, 'core/src')]);
  if (built >= sources) return true;
  say('building the language server (stale or missing)');
  return step('npm', ['run', 'build', '-w', '@promptstack/language-server', '--if-present'], REPO_ROOT);
}

/** Mocha's own summary lines, which scripts/test.mjs parses, then the closing line. */
function printSummary({ passes, failures, pending }) {
  console.log('');
  console.log(`  ${passes} passing`);
  if (failures) console.log(`  ${failures} failing`);
  if (pending) console.log(`  ${pending} pending`);
  console.log('');
  console.log(`${passes} passed, ${failures} failed`);
}

/** Echoes the extension host's test output; the rest of the workbench log only when verbose or failing. */
function makeLogSink() {
  const lines = [];
  const sink = (type, message) => {
    lines.push(`${type}: ${message}`);
    if (verbose) console.log(`  [workbench ${type}] ${message}`);
  };
  return { sink, lines };
}

async function main() {
  const started = Date.now();
  const { vscodeDir, chromiumPath } = installVscodeHost();
  say(`VS Code ${hostVscodeVersion()} server (code-server) + ${chromiumPath}`);

  const counts = { passes: 0, failures: 0, pending: 0 };
  const failures = [];
  const tempDir = mkdtempSync(join(tmpdir(), 'promptstack-host-'));
  let server;
  let backend;
  // The server runs in its own process group, so Ctrl-C or a CI cancel would not reach it.
  // (playwright-core closes Chromium on these signals itself.)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      server?.stop();
      backend?.stop();
      rmSync(tempDir, { recursive: true, force: true });
      process.exit(1);
    });
  }
  try {
    if (!buildLanguageServerIfStale()) say('the language server did not build; the LSP tests will fail');

    const record = (result) => {
      console.log(`  ${result.ok ? '✔' : '✘'} ${result.title}: ${result.ok ? result.detail : 'FAILED'}`);
      if (result.ok) counts.passes++;
      else {
        counts.failures++;
        failures.push({ title: result.title, error: result.detail });
      }
    };
    if (!skipPackaging) {
      const packagingDirs = hostDirs(join(tempDir, 'packaging'));
      const packaged = packagingTest({ repoRoot: REPO_ROOT, extensionDir: EXTENSION_DIR, vscodeDir, dirs: packagingDirs });
      record(packaged);
      // The installed .vsix runs in production mode: what does it hand another extension?
      if (packaged.ok) {
        record(
          await exportsTest({
            extensionDir: EXTENSION_DIR,
            vscodeDir,
            chromiumPath,
            dirs: packagingDirs,
            folder: FIXTURE_WORKSPACE,
            timeoutMs: EXPORTS_TIMEOUT_MS,
          }),
        );
      }
    }

    const suiteStarted = Date.now();
    // Always after packaging, whose --release build drops the test bundle and minifies.
    if (!step(process.execPath, ['build.mjs'], EXTENSION_DIR) || !existsSync(TESTS_INDEX)) {
      throw new Error('the extension did not build (node extension/build.mjs)');
    }

    if (needsBackend) {
      backend = await startBackend({ repoRoot: REPO_ROOT, dataDir: join(tempDir, 'backend') });
    }

    const resultsFile = join(tempDir, 'results.json');
    const dirs = hostDirs(join(tempDir, 'host'));
    server = await startVscodeServer({
      vscodeDir,
      dirs,
      env: { [RESULTS_ENV]: resultsFile, ...(grep ? { PROMPTSTACK_TEST_GREP: grep } : {}), ...(backend ? { [BACKEND_URL_ENV]: backend.url } : {}) },
    });
    if (backend) {
      // Migrating a fresh embedded database ran in parallel with the VS Code server's start.
      await backend.ready.then(
        () => say(`backend on ${backend.url}`),
        (error) => say(`the backend did not start; the sync tests will fail: ${error.message}`),
      );
    }
    say(`VS Code server on port ${server.port}; running the suite in the extension host`);

    const { sink, lines } = makeLogSink();
    const url = workbenchUrl({ port: server.port, folder: FIXTURE_WORKSPACE, extensionPath: EXTENSION_DIR, testsPath: TESTS_INDEX });
    const remaining = Math.max(1_000, RUN_TIMEOUT_MS - (Date.now() - suiteStarted));
    const outcome = await runWorkbench({ url, chromiumPath, timeoutMs: remaining, onLog: sink });

    if (existsSync(resultsFile)) {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      counts.passes += results.passes;
      counts.failures += results.failures;
      counts.pending += results.pending;
      failures.push(...results.failed);
      for (const line of results.report ?? []) console.log(line);
    }
    if (outcome.timedOut || (outcome.code !== 0 && !existsSync(resultsFile))) {
      const why = outcome.timedOut ? `timed out after ${Math.round(remaining / 1000)} s` : `exited ${outcome.code} before reporting results`;
      counts.failures++;
      failures.push({
        title: 'extension host run',
        error: `the extension host ${why}\n--- workbench log (last 60 lines) ---\n${lines.slice(-60).join('\n')}\n--- server log (last 40 lines) ---\n${server.log().split('\n').slice(-40).join('\n')}`,
      });
    } else if (outcome.code !== 0 && counts.failures === 0) {
      counts.failures++;
      failures.push({ title: 'extension host run', error: `the test harness exited ${outcome.code} with no failing test` });
    }
  } catch (error) {
    counts.failures++;
    failures.push({ title: 'extension host run', error: error instanceof Error ? error.message : String(error) });
  } finally {
    server?.stop();
    backend?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  }

  failures.forEach((failure, index) => {
    console.log(`\n  ${index + 1}) ${failure.title}\n${failure.error.replace(/^/gm, '     ')}`);
  });
  printSummary(counts);
  say(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(counts.failures > 0 ? 1 : 0);
}

await main();
