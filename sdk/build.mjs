// Builds the publishable package: dist/index.js (ESM) and dist/index.cjs (CommonJS) for Node 20 with
// @promptstack/core bundled in (it is private and never published), the provider SDKs left as
// dependencies (they ship both formats and the application may share them), and type declarations
// under dist/types that stand alone (the public types are the SDK's own, see src/types.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });

const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: Object.keys(pkg.dependencies ?? {}),
};

await Promise.all([
  build({
    ...common,
    format: 'esm',
    outfile: 'dist/index.js',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __promptstackRequire } from 'node:module'; const require = __promptstackRequire(import.meta.url);" },
  }),
  build({ ...common, format: 'cjs', outfile: 'dist/index.cjs' }),
]);

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.dts.json'], { stdio: 'inherit' });
// Declarations keep the sources' `./x.ts` specifiers; consumers resolve `./x.js`.
for (const file of readdirSync('dist/types')) {
  const path = `dist/types/${file}`;
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.\/[^']+)\.ts'/g, "$1.js'"));
}
