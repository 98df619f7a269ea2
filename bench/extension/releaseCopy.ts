/**
 * The release .vsix, built from a throw-away copy of extension/ (sources as they are now) so the
 * bench never rewrites extension/dist/ under a test run of another session. The copy sits in a
 * temporary folder with links to the folders build.mjs reads beside it (language-server/,
 * syntaxes/) and to the workspace's node_modules, and runs the package.json `package` script:
 * `node build.mjs --release && vsce package ...`, exactly what `npm run package -w promptstack` runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXTENSION_DIR = join(REPO_ROOT, 'extension');
/** What the package script needs from extension/; dist, tests and node_modules stay behind. */
const COPIED = ['package.json', 'build.mjs', '.vscodeignore', 'README.md', 'LICENSE', 'src'];
/** Folders build.mjs reads as ../<name>, and where bare imports resolve from. */
const LINKED = ['language-server', 'syntaxes', 'node_modules'];

/** A built release copy; `dispose()` removes it. */
export interface ReleaseCopy {
  /** The copied extension folder (its dist/ holds the release bundles and the .vsix). */
  extensionDir: string;
  vsixPath: string;
  dispose(): void;
}

/** Copies extension/, runs its `package` script there; throws with the script's output on failure. */
export function buildReleaseCopy(): ReleaseCopy {
  const root = mkdtempSync(join(tmpdir(), 'promptstack-extension-bench-'));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  const extensionDir = join(root, 'extension');
  mkdirSync(extensionDir);
  for (const name of COPIED) {
    if (existsSync(join(EXTENSION_DIR, name))) cpSync(join(EXTENSION_DIR, name), join(extensionDir, name), { recursive: true });
  }
  for (const name of LINKED) symlinkSync(join(REPO_ROOT, name), join(root, name));
  if (existsSync(join(EXTENSION_DIR, 'node_modules'))) symlinkSync(join(EXTENSION_DIR, 'node_modules'), join(extensionDir, 'node_modules'));

  const script = (JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package;
  if (!script) {
    dispose();
    throw new Error('extension/package.json has no "package" script');
  }
  const path = [join(REPO_ROOT, 'node_modules/.bin'), process.env.PATH].join(':');
  const result = spawnSync(script, { cwd: extensionDir, shell: true, encoding: 'utf8', env: { ...process.env, PATH: path } });
  const vsixPath = join(extensionDir, 'dist/promptstack.vsix');
  if (result.status !== 0 || !existsSync(vsixPath)) {
    dispose();
    throw new Error(`the package script failed (exit ${result.status}): ${script}\n${result.stdout}${result.stderr}`);
  }
  return { extensionDir, vsixPath, dispose };
}
