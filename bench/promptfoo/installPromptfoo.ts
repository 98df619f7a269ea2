/**
 * promptfoo on demand: installed the first time the bench runs into bench/promptfoo/.cache/
 * (git-ignored), never into the workspace lockfile (it is ~1.4 GB with its dependencies).
 * 0.121.20 is the last release that runs on Node 20.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned version the reference figures were taken with. */
export const PROMPTFOO_VERSION = '0.121.20';
/** Where promptfoo (and the bundle of our side) live. */
export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));
/** The shared lock every npm install in this repository takes (house rule). */
const NPM_LOCK = '/tmp/promptstack-npm.lock';

function installedVersion(): string | undefined {
  const manifest = join(CACHE_DIR, 'node_modules/promptfoo/package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
}

/**
 * Returns the path of promptfoo's CLI script (run it with `node`), installing it first when the
 * cache lacks it; undefined with the reason printed when the install failed.
 */
export function ensurePromptfoo(): string | undefined {
  if (installedVersion() !== PROMPTFOO_VERSION) {
    console.log(
      `Installing promptfoo ${PROMPTFOO_VERSION} into bench/promptfoo/.cache/ (first run only: about 2 minutes, 1.4 GB; not in the workspace lockfile)...`,
    );
    mkdirSync(CACHE_DIR, { recursive: true });
    // Its own package.json, so npm treats the folder as a project and not as part of the workspace.
    writeFileSync(
      join(CACHE_DIR, 'package.json'),
      `${JSON.stringify({ name: 'promptfoo-bench-cache', private: true, dependencies: { promptfoo: PROMPTFOO_VERSION } }, null, 2)}\n`,
    );
    const npm = ['npm', 'install', '--prefix', CACHE_DIR, '--no-audit', '--no-fund', '--loglevel=error'];
    const useLock = spawnSync('flock', ['--version']).status === 0;
    const result = spawnSync(useLock ? 'flock' : npm[0]!, useLock ? [NPM_LOCK, ...npm] : npm.slice(1), { stdio: 'inherit' });
    if (result.status !== 0 || installedVersion() !== PROMPTFOO_VERSION) {
      console.error(`npm install of promptfoo ${PROMPTFOO_VERSION} failed (exit ${result.status}).`);
      return undefined;
    }
  }
  return realpathSync(join(CACHE_DIR, 'node_modules/.bin/promptfoo'));
}
