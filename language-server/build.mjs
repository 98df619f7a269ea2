// Bundles the language server (and its analysis worker) into dist/ as CommonJS for Node 20,
// with @promptstack/core and every dependency inlined, so the extension ships one folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: { server: 'src/server.ts', analysisWorker: 'src/analysis/analysisWorker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The price data (@pydantic/genai-prices, bundled for the model catalog) is indented JSON-like
  // source; dropping whitespace takes ~350 KB off each bundle while names stay readable in traces.
  minifyWhitespace: true,
  sourcemap: true,
  logLevel: 'warning',
});

// The package is `"type": "module"`; this marker makes Node load the CommonJS bundles as such.
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
