// `npm run test:electron -w promptstack`: the SAME mocha index (dist/test/index.js) under
// @vscode/test-electron, which downloads VS Code desktop. For machines that can reach
// update.code.visualstudio.com; here it fails with ENOTFOUND, which is why `npm test` uses
// runHost.mjs instead. Prints the same summary lines as runHost.mjs. Like runHost.mjs, it starts
// the PromptStack backend on a throw-away embedded database (test/host/backend.mjs) for the
// sign-in, sync, backend-run and analytics suites, and hands its URL to the host.
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND_URL_ENV, startBackend } from './host/backend.mjs';

const EXTENSION_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(EXTENSION_DIR, '..');
const RESULTS_ENV = 'PROMPTSTACK_TEST_RESULTS';

const tempDir = mkdtempSync(join(tmpdir(), 'promptstack-electron-'));
const resultsFile = join(tempDir, 'results.json');
let exitCode;
let results = { passes: 0, failures: 0, pending: 0, failed: [], report: [] };
const backend = await startBackend({ repoRoot: REPO_ROOT, dataDir: join(tempDir, 'backend') });
// Its own process group: a signal to this runner would not reach it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    backend.stop();
    rmSync(tempDir, { recursive: true, force: true });
    process.exit(1);
  });
}
try {
  await backend.ready.then(
    () => console.log(`[electron] backend on ${backend.url}`),
    (error) => console.log(`[electron] the backend did not start; the sync tests will fail: ${error.message}`),
  );
  exitCode = await runTests({
    // Matches `engines.vscode`; the host runner serves the same 1.100 line.
    version: '1.100.3',
    extensionDevelopmentPath: EXTENSION_DIR,
    extensionTestsPath: join(EXTENSION_DIR, 'dist/test/index.js'),
    extensionTestsEnv: { [RESULTS_ENV]: resultsFile, [BACKEND_URL_ENV]: backend.url },
    launchArgs: [
      join(EXTENSION_DIR, 'test/fixtures/workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(tempDir, 'user-data'),
      '--extensions-dir',
      join(tempDir, 'extensions'),
    ],
  });
} catch (error) {
  // Typically `getaddrinfo ENOTFOUND update.code.visualstudio.com` on a machine without that network.
  results.failed.push({ title: 'test-electron could not run VS Code', error: error instanceof Error ? error.message : String(error) });
  exitCode = 1;
} finally {
  backend.stop();
}
if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
else if (exitCode !== 0) results.failures = Math.max(results.failures, 1);
rmSync(tempDir, { recursive: true, force: true });

for (const line of results.report) console.log(line);
for (const [index, failure] of results.failed.entries()) console.log(`\n  ${index + 1}) ${failure.title}\n${failure.error.replace(/^/gm, '     ')}`);
console.log(`\n  ${results.passes} passing`);
if (results.failures) console.log(`  ${results.failures} failing`);
if (results.pending) console.log(`  ${results.pending} pending`);
console.log(`\n${results.passes} passed, ${results.failures} failed`);
process.exit(exitCode !== 0 || results.failures > 0 ? 1 : 0);
