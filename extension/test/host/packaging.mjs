// The packaging test: the root `npm run package`, run as on a fresh clone (no language-server/dist,
// no extension/dist), builds what it needs and writes dist/promptstack.vsix with vsce; then the VS
// Code server installs it offline into a throw-away extensions folder and lists it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serverCli } from './vscodeServer.mjs';

/**
 * Builds and installs the .vsix. Resolves with `{ ok, title, detail }`: `title` names the checked
 * behaviour, `detail` says what went wrong (or what was installed).
 */
export function packagingTest({ repoRoot, extensionDir, vscodeDir, dirs }) {
  const title = 'packaging: the root `npm run package` builds the .vsix from a clean tree and it installs into the VS Code server';
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  const expected = `${manifest.publisher}.${manifest.name}@${manifest.version}`;
  const vsix = join(extensionDir, 'dist', 'promptstack.vsix');

  // A fresh clone has no build output: the package script must build the language server itself.
  for (const dist of [join(repoRoot, 'language-server', 'dist'), join(extensionDir, 'dist')]) rmSync(dist, { recursive: true, force: true });
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (packaged.status !== 0 || !existsSync(vsix)) {
    return { ok: false, title, detail: `npm run package failed (exit ${packaged.status}):\n${packaged.stdout}${packaged.stderr}` };
  }
  const installed = serverCli(vscodeDir, dirs, ['--install-extension', vsix, '--force']);
  if (installed.code !== 0) return { ok: false, title, detail: `--install-extension failed:\n${installed.output}` };
  const listed = serverCli(vscodeDir, dirs, ['--list-extensions', '--show-versions']);
  const ids = listed.output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (!ids.includes(expected)) return { ok: false, title, detail: `${expected} not listed after install; listed: ${ids.join(', ') || 'nothing'}` };
  const kb = Math.round(statSync(vsix).size / 1024);
  return { ok: true, title, detail: `${expected} (${kb} KB .vsix)` };
}
