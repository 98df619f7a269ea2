// Installs a real VS Code extension host for the extension's tests, offline-friendly:
// the VS Code server inside the `code-server` npm package plus Debian's headless Chromium
// (see shared recipe "vscode-extension-host-tests"). VS Code desktop cannot be downloaded here,
// so `@vscode/test-electron` is not an option for `npm test`.
//
// Idempotent: a marker file records a finished install, so a second run returns at once.
// Run directly (`node scripts/install-vscode-host.mjs`) or import `installVscodeHost()`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned: 4.100.3 is the last code-server on Node 20, and the test payload is not a public API. */
export const CODE_SERVER_VERSION = '4.100.3';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the host lives (git-ignored through `.vscode-test/`). */
export const HOST_DIR = join(REPO_ROOT, '.vscode-test', 'host');

/** The VS Code server folder inside code-server: `out/server-main.js` is started from here. */
export const VSCODE_DIR = join(HOST_DIR, 'node_modules', 'code-server', 'lib', 'vscode');

/** Debian's Chromium, driven by playwright-core (playwright's own browser download is offline-blocked). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const MARKER = join(HOST_DIR, `.installed-code-server-${CODE_SERVER_VERSION}`);

/** Debian's Chromium, with the file that proves it is installed. */
export const CHROMIUM_PACKAGE = { name: 'chromium', proof: CHROMIUM_PATH };

/** Debian packages the host needs, with a file that proves each is installed. */
const APT_PACKAGES = [
  CHROMIUM_PACKAGE,
  { name: 'ripgrep', proof: '/usr/bin/rg' },
  // kerberos (a VS Code server native module) compiles against gssapi/gssapi.h.
  { name: 'libkrb5-dev', proof: '/usr/include/gssapi/gssapi.h' },
  { name: 'pkg-config', proof: '/usr/bin/pkg-config' },
];

function log(message) {
  console.log(`[vscode-host] ${message}`);
}

/** Runs a command with inherited output; throws with the command line when it fails. */
function run(command, args, cwd, env = {}) {
  log(`$ ${command} ${args.join(' ')}${cwd ? `   (in ${cwd.replace(REPO_ROOT + '/', '')})` : ''}`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal ?? result.error})`);
  }
}

/** Replaces whatever is at `path` with a symlink to `target`. */
function link(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

/** Installs those of `packages` whose proof file is missing (as root, through apt-get). */
export function ensureAptPackages(packages) {
  const missing = packages.filter((p) => !existsSync(p.proof)).map((p) => p.name);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], undefined, env);
  run('apt-get', ['install', '-y', ...missing], undefined, env);
}

function installCodeServer() {
  mkdirSync(HOST_DIR, { recursive: true });
  // Its own package.json so npm treats this folder as a project of its own, not part of the workspace.
  writeFileSync(
    join(HOST_DIR, 'package.json'),
    JSON.stringify({ name: 'promptstack-vscode-host', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2) + '\n',
  );
  const quiet = ['--no-audit', '--no-fund'];
  // code-server's postinstall insists on --unsafe-perm and runs installs we redo below step by step.
  run('npm', ['install', '--ignore-scripts', ...quiet], HOST_DIR);
  // argon2's prebuilt binary comes from GitHub (blocked); rebuild compiles it locally.
  run('npm', ['rebuild', 'argon2'], HOST_DIR);

  // The VS Code server's own dependencies, pinned by its shrinkwrap.
  run('npm', ['install', '--omit=dev', '--ignore-scripts', ...quiet], VSCODE_DIR);
  // @vscode/ripgrep's postinstall skips its GitHub download when bin/ exists: hand it Debian's rg.
  const rgBin = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  link('/usr/bin/rg', join(rgBin, 'rg'));
  // Native modules (node-pty, spdlog, kerberos...). --yes: node-pty runs `npx node-gyp`, and npm's
  // `yes=false` config would otherwise cancel it.
  run('npm', ['rebuild', '--yes'], VSCODE_DIR, { npm_config_yes: 'true' });

  // code-server's postinstall.sh links, redone by hand.
  link('node_modules', join(VSCODE_DIR, 'node_modules.asar'));
  link('code-linux.sh', join(VSCODE_DIR, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(VSCODE_DIR, 'bin', 'helpers', 'browser.sh'));
  run('npm', ['install', '--omit=dev', ...quiet], join(VSCODE_DIR, 'extensions'));
}

/**
 * Installs the host when it is not there yet and returns its paths.
 * Throws (with the failing command) when a step fails; a rerun resumes from the top.
 */
export function installVscodeHost() {
  if (existsSync(MARKER) && existsSync(CHROMIUM_PATH)) {
    return { hostDir: HOST_DIR, vscodeDir: VSCODE_DIR, chromiumPath: CHROMIUM_PATH, installed: false };
  }
  const started = Date.now();
  log(`installing the VS Code host (code-server ${CODE_SERVER_VERSION}) into ${HOST_DIR}; once per machine, about a minute`);
  ensureAptPackages(APT_PACKAGES);
  installCodeServer();
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { hostDir: HOST_DIR, vscodeDir: VSCODE_DIR, chromiumPath: CHROMIUM_PATH, installed: true };
}

/** The VS Code version the host serves (from its package.json), for log lines. */
export function hostVscodeVersion() {
  try {
    return JSON.parse(readFileSync(join(VSCODE_DIR, 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { installed } = installVscodeHost();
    if (!installed) log(`already installed (${MARKER.replace(REPO_ROOT + '/', '')})`);
  } catch (error) {
    console.error(`[vscode-host] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
