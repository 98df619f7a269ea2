/**
 * The extension-host test entry (`extensionTestsPath` points at its bundle, dist/test/index.js).
 * The same file serves both runners: test/runHost.mjs (VS Code server + headless Chromium) and
 * test/runElectron.mjs (@vscode/test-electron). It runs every dist/test/suite/*.test.js with mocha
 * and, when PROMPTSTACK_TEST_RESULTS names a file, writes the counts there for the runner.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Environment variable naming the JSON file the counts are written to. */
export const RESULTS_ENV = 'PROMPTSTACK_TEST_RESULTS';

/** What the runner reads back: mocha's counts plus each failure's title and message. */
export interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; error: string }[];
  /** Spec-style lines (suites and ✔/✘/- tests) the runner prints, since the host's console is not its own. */
  report: string[];
}

/** Called by VS Code's test harness; rejects when any test fails so the host exits non-zero. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec' });
  const grep = process.env.PROMPTSTACK_TEST_GREP;
  if (grep) mocha.grep(grep);
  const suiteDir = join(__dirname, 'suite');
  for (const file of readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(suiteDir, file));
  }
  await mocha.loadFilesAsync();

  const results: SuiteResults = { passes: 0, failures: 0, pending: 0, failed: [], report: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    let depth = 0;
    const line = (text: string) => results.report.push(`${'  '.repeat(depth + 1)}${text}`);
    runner.on('suite', (suite) => {
      if (suite.title) line(suite.title);
      depth++;
    });
    runner.on('suite end', () => depth--);
    runner.on('pass', (test) => {
      results.passes++;
      line(`✔ ${test.title}${took(test.duration)}`);
    });
    runner.on('hook end', (hook) => {
      if (took(hook.duration)) line(`· ${hook.title}${took(hook.duration)}`);
    });
    runner.on('pending', (test) => {
      results.pending++;
      line(`- ${test.title}`);
    });
    runner.on('fail', (test, error: unknown) => {
      results.failures++;
      line(`✘ ${test.title}${took(test.duration)}`);
      results.failed.push({ title: test.fullTitle(), error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    });
  });

  const resultsFile = process.env[RESULTS_ENV];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  if (results.failures > 0) throw new Error(`${results.failures} test(s) failed`);
}

/** A slow test's time, shown beside its title (a timeout's neighbours show how close they came). */
function took(ms: number | undefined): string {
  return ms !== undefined && ms >= 2000 ? ` (${(ms / 1000).toFixed(1)} s)` : '';
}
