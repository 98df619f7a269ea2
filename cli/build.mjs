// Bundles the CLI into dist/cli.js (ESM for Node 20) with core and the language server's analysis inlined,
// split into chunks: the program loads its commands' options, and a command's code (the runner, a
// provider's SDK, a reporter) loads when it runs and needs it. Code on the paths of `test` imports
// core by module (`@promptstack/core/testcases/runTestCase`), not by its index, whose re-exports of
// every provider would otherwise put their SDKs in a chunk loaded up front.
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
