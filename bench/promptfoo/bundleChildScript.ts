/**
 * Bundles a child script (ourEval.ts, bareSdkEval.ts) into .cache/<name>.mjs, so it starts as
 * shipped code does (one bundled file, as the extension's engine.js) rather than through tsx's
 * on-the-fly compiler, whose work would otherwise count against its start-up, CPU and memory.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from './installPromptfoo.ts';

/** Builds bench/promptfoo/<name>.ts into a bundle and returns the bundle's path. */
export async function bundleChildScript(name: 'ourEval' | 'bareSdkEval'): Promise<string> {
  const outfile = join(CACHE_DIR, `${name}.mjs`);
  await build({
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies call require(); an ESM bundle needs one made for it.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}
