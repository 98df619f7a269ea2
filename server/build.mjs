// Bundles the server's entry points into dist/ (ESM, Node 20). Packages stay external: they are
// installed beside the bundle, and Prisma's runtime loads its wasm query compiler from
// @prisma/client at run time. Our own TypeScript (the generated client and the workspace's
// @promptstack/* packages, whose exports point at .ts sources Node cannot load) is bundled.
import { build } from 'esbuild';

/** Leaves npm packages external but bundles our own workspace packages. */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@promptstack/') ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: { main: 'src/main.ts', seed: '../prisma/seed.ts', 'clear-sessions': 'src/scripts/clearSessions.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalNpmPackages],
  sourcemap: true,
  logLevel: 'warning',
  // The bundle is ESM; give CommonJS-style code that esbuild inlines a `require`.
  banner: { js: "import { createRequire as __psCreateRequire } from 'node:module'; const require = __psCreateRequire(import.meta.url);" },
});
console.log('server: built dist/main.js, dist/seed.js, dist/clear-sessions.js');
