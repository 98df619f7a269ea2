// Bundles the extension into dist/ so the .vsix is self-contained:
//   dist/extension.js           the extension (CommonJS, `vscode` external, every dependency inlined)
//   dist/engine.js              core's runner, required on first run (kept out of extension.js for size)
//   dist/webviews/<name>.js     webview scripts (browser IIFE), from src/webviews/<name>/main.ts
//   dist/server.js, dist/analysisWorker.js   the language server, copied from language-server/dist/
//   dist/syntaxes/*.json        grammar, language configuration and snippets, copied from syntaxes/
//   dist/test/                  the mocha suite for the extension host (not with --release)
// `--release` minifies, drops source maps and requires the language server to be built.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, 'dist');
const release = process.argv.includes('--release');

/** Files of the language server bundle the extension ships; server.js starts the worker beside it. */
const SERVER_FILES = ['server.js', 'analysisWorker.js'];
/** Editor assets another package owns; vsce only packages this folder, so they are copied in. */
const SYNTAX_FILES = ['dotprompt.tmLanguage.json', 'language-configuration.json', 'snippets.json'];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
};

await build({
  ...common,
  // engine.js: core's runner, loaded by the extension on first run (src/run/loadEngine.ts).
  entryPoints: { extension: join(HERE, 'src/extension.ts'), engine: join(HERE, 'src/run/engine.ts') },
  outdir: DIST,
  minify: release,
  sourcemap: !release,
});

// Webview scripts (src/webviews/<name>/main.ts -> dist/webviews/<name>.js) run in the browser.
const WEBVIEWS = readdirSync(join(HERE, 'src/webviews'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(HERE, 'src/webviews', entry.name, 'main.ts')))
  .map((entry) => entry.name);
await build({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  entryPoints: Object.fromEntries(WEBVIEWS.map((name) => [name, join(HERE, 'src/webviews', name, 'main.ts')])),
  outdir: join(DIST, 'webviews'),
  minify: release,
  sourcemap: !release,
});

// Rebuilt from scratch so a deleted test leaves no stale bundle behind.
rmSync(join(DIST, 'test'), { recursive: true, force: true });
if (!release) {
  const suite = join(HERE, 'test/suite');
  const tests = readdirSync(suite).filter((f) => f.endsWith('.test.ts'));
  await build({
    ...common,
    // index.js finds the tests in suite/ beside it.
    entryPoints: Object.fromEntries([['index', join(suite, 'index.ts')], ...tests.map((f) => [`suite/${f.replace(/\.ts$/, '')}`, join(suite, f)])]),
    outdir: join(DIST, 'test'),
    sourcemap: true,
    // Mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

copyInto(
  join(HERE, '../language-server/dist'),
  DIST,
  SERVER_FILES.flatMap((f) => (release ? [f] : [f, `${f}.map`])),
  {
    required: release ? ['server.js'] : [],
    hint: 'build it with `npm run build -w @promptstack/language-server`',
  },
);
copyInto(join(HERE, '../syntaxes'), join(DIST, 'syntaxes'), SYNTAX_FILES, { required: [], hint: 'syntaxes/ has not written it yet' });

/** Copies the files of `names` that exist; warns about missing ones and fails on missing `required` ones. */
function copyInto(from, to, names, { required, hint }) {
  mkdirSync(to, { recursive: true });
  for (const name of names) {
    const source = join(from, name);
    if (existsSync(source)) {
      copyFileSync(source, join(to, name));
    } else if (required.includes(name)) {
      console.error(`build: ${source} is missing (${hint})`);
      process.exit(1);
    } else if (!name.endsWith('.map')) {
      console.warn(`build: skipped ${source}: not found (${hint})`);
    }
  }
}
