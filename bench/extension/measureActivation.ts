/**
 * Fresh activations of the extension in the real extension host, with the runner machinery of
 * extension/test/ (code-server's VS Code server + headless Chromium): one server, then one new
 * workbench window per sample, each with its own extension host, running activationProbe.ts in
 * place of the test suite.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIVATION_FILE_ENV, type ActivationSample } from './probeContract.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE_BUNDLE = fileURLToPath(new URL('./.cache/probe/index.js', import.meta.url));
/** One window's bound: start-up of a workbench under load takes seconds, not minutes. */
const WINDOW_TIMEOUT_MS = 120_000;

// The runner's modules are plain .mjs without type declarations; these are the parts used here.
interface HostInstaller {
  installVscodeHost(): { vscodeDir: string; chromiumPath: string };
  hostVscodeVersion(): string;
}
interface HostDirs {
  [name: string]: string;
}
interface ServerModule {
  hostDirs(tempDir: string): HostDirs;
  startVscodeServer(options: { vscodeDir: string; dirs: HostDirs; env: Record<string, string> }): Promise<{ port: number; stop(): void; log(): string }>;
}
interface WorkbenchModule {
  workbenchUrl(options: { port: number; folder: string; extensionPath: string; testsPath: string }): string;
  runWorkbench(options: {
    url: string;
    chromiumPath: string;
    timeoutMs: number;
    onLog(type: string, message: string): void;
  }): Promise<{ code: number; timedOut: boolean }>;
}

/** Imports one of the runner's .mjs modules by path (a variable, so tsc does not look for types). */
function importRunner<T>(relativePath: string): Promise<T> {
  const href = new URL(relativePath, new URL(`file://${REPO_ROOT}`)).href;
  return import(href) as Promise<T>;
}

/** Bundles the probe as the host loads test suites: CommonJS, `vscode` external. */
async function bundleProbe(): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('./activationProbe.ts', import.meta.url))],
    outfile: PROBE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  // bench/ is "type": "module"; the host require()s the probe, so its folder says CommonJS.
  writeFileSync(join(dirname(PROBE_BUNDLE), 'package.json'), '{ "type": "commonjs" }\n');
}

/** `count` fresh activations of the extension at `extensionDir` (a built extension folder). */
export async function measureActivations(extensionDir: string, count: number): Promise<{ vscodeVersion: string; samples: ActivationSample[] }> {
  const installer = await importRunner<HostInstaller>('scripts/install-vscode-host.mjs');
  const { startVscodeServer, hostDirs } = await importRunner<ServerModule>('extension/test/host/vscodeServer.mjs');
  const { runWorkbench, workbenchUrl } = await importRunner<WorkbenchModule>('extension/test/host/workbench.mjs');
  const { vscodeDir, chromiumPath } = installer.installVscodeHost();
  await bundleProbe();

  const tempDir = mkdtempSync(join(tmpdir(), 'promptstack-activation-'));
  const folder = join(tempDir, 'workspace');
  mkdirSync(folder);
  const sampleFile = join(tempDir, 'activation.json');
  const server = await startVscodeServer({ vscodeDir, dirs: hostDirs(join(tempDir, 'host')), env: { [ACTIVATION_FILE_ENV]: sampleFile } });
  const samples: ActivationSample[] = [];
  try {
    for (let i = 0; i < count; i++) {
      rmSync(sampleFile, { force: true });
      const log: string[] = [];
      const url = workbenchUrl({ port: server.port, folder, extensionPath: extensionDir, testsPath: PROBE_BUNDLE });
      const outcome = await runWorkbench({ url, chromiumPath, timeoutMs: WINDOW_TIMEOUT_MS, onLog: (type, message) => log.push(`${type}: ${message}`) });
      if (outcome.code !== 0 || !existsSync(sampleFile)) {
        const why = outcome.timedOut ? `timed out after ${WINDOW_TIMEOUT_MS / 1000} s` : `exited ${outcome.code}`;
        throw new Error(`activation window ${i + 1} ${why}\n${log.slice(-30).join('\n')}\n--- server ---\n${server.log().split('\n').slice(-20).join('\n')}`);
      }
      samples.push(JSON.parse(readFileSync(sampleFile, 'utf8')) as ActivationSample);
    }
  } finally {
    server.stop();
    rmSync(tempDir, { recursive: true, force: true });
  }
  return { vscodeVersion: installer.hostVscodeVersion(), samples };
}
