// The exports test: with the packaged .vsix installed (so PromptStack runs in production mode, as a
// user has it), a second extension (test/fixtures/exports-probe) activates PromptStack and reports
// what it was handed. It must get nothing: no token getter, no authenticated client, no sign-in, no
// UI hooks, no webview request sender, and no session through VS Code's authentication API.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startVscodeServer } from './vscodeServer.mjs';
import { runWorkbench, workbenchUrl } from './workbench.mjs';

/** Named here and read by test/fixtures/exports-probe/probe.js. */
const PROBE_RESULT_ENV = 'PROMPTSTACK_PROBE_RESULT';

/** What is wrong with the probe's report, or an empty list when PromptStack handed over nothing. */
export function exportsProblems(report, { extensionsDir }) {
  if (!report.found) return ['the probe found no promptstack.promptstack extension'];
  const problems = [];
  // Installed from the .vsix, not loaded from the source folder (which would run it in development mode).
  if (!report.extensionPath.startsWith(extensionsDir)) problems.push(`PromptStack ran from ${report.extensionPath}, not from the installed .vsix`);
  if (!report.isActive) problems.push('PromptStack did not activate');
  for (const [what, described] of [
    ['activate() resolved with', report.activated],
    ['extension.exports is', report.exports],
  ]) {
    const members = Object.keys(described.members);
    if (described.type !== 'undefined') problems.push(`${what} a ${described.type} (members: ${members.join(', ') || 'none'})`);
  }
  if (report.session) problems.push(`authentication.getSession('promptstack') gave another extension ${JSON.stringify(report.session)}`);
  return problems;
}

/**
 * Runs the probe against the extensions folder the packaging test installed into. Resolves with
 * `{ ok, title, detail }` like packagingTest.
 */
export async function exportsTest({ extensionDir, vscodeDir, chromiumPath, dirs, folder, timeoutMs }) {
  const title = 'packaging: another extension activating the installed .vsix gets no exports (no token, client, sign-in or UI hooks) and no session';
  const probeDir = join(extensionDir, 'test/fixtures/exports-probe');
  const resultFile = join(dirs.serverData, 'exports-probe.json');
  let server;
  try {
    server = await startVscodeServer({ vscodeDir, dirs, env: { [PROBE_RESULT_ENV]: resultFile } });
    const url = workbenchUrl({ port: server.port, folder, extensionPath: probeDir, testsPath: join(probeDir, 'probe.js') });
    const lines = [];
    const outcome = await runWorkbench({ url, chromiumPath, timeoutMs, onLog: (type, message) => lines.push(`${type}: ${message}`) });
    if (!existsSync(resultFile)) {
      const why = outcome.timedOut ? 'timed out' : `exited ${outcome.code}`;
      return { ok: false, title, detail: `the probe ${why} without a report\n${lines.slice(-30).join('\n')}` };
    }
    const report = JSON.parse(readFileSync(resultFile, 'utf8'));
    const problems = exportsProblems(report, { extensionsDir: dirs.extensions });
    if (problems.length > 0) return { ok: false, title, detail: problems.join('\n') };
    return { ok: true, title, detail: `promptstack.promptstack@${report.version} from the .vsix exported ${report.exports.type}` };
  } catch (error) {
    return { ok: false, title, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    server?.stop();
  }
}
