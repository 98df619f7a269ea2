#!/usr/bin/env node
// The `promptstack` command. The CLI is bundled into dist/ by `npm run build -w @promptstack/cli`
// (the repository's `npm install` runs it); say so plainly when it has not been built.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1 and later keep V8's compiled code of the bundle on disk between runs (a cold start
// spends a good part of its time compiling it); on Node 20 there is no such cache and this does nothing.
module.enableCompileCache?.();

const entry = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('promptstack: the CLI is not built yet. Run `npm run build -w @promptstack/cli` in the repository.\n');
  process.exit(2);
}
await import(entry);
