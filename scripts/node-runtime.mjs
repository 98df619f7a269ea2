// Another Node.js release to test on, from the npm registry: the `node-<platform>-<arch>` packages
// (what the `node` package installs) hold the official binary, so no download from nodejs.org is
// needed. Kept under node_modules/.cache, so `npm ci` starts it afresh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE = fileURLToPath(new URL('../node_modules/.cache/promptstack-node/', import.meta.url));

/** The registry package holding Node's binary for this machine, or null where none is published. */
function packageName() {
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return platform && arch ? `node-${platform}-${arch}` : null;
}

/**
 * The folder holding the `node` binary of release `version` (fetched once with `npm pack`), or
 * null when the registry has no build for this platform.
 */
export function nodeBinDir(version) {
  const name = packageName();
  if (!name) return null;
  const dir = join(CACHE, version);
  const bin = join(dir, 'package', 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${name}@${version} wrote no tarball`);
  execFileSync('tar', ['-xzf', tarball], { cwd: dir });
  rmSync(join(dir, tarball));
  const found = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
  if (found !== `v${version}`) throw new Error(`${name}@${version} holds Node ${found}`);
  return bin;
}
