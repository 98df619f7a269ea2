// Bundles the CLI into dist/cli.js (ESM for Node 20) with core and the language server's analysis inlined,
// so `promptstack` starts in one file read and loads the runner's SDKs only for commands that run prompts.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __promptstackRequire } from 'node:module'; const require = __promptstackRequire(import.meta.url);" },
});
