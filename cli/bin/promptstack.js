#!/usr/bin/env node
// The `promptstack` command. The CLI is bundled into dist/ by `npm run build -w @promptstack/cli`
// (the repository's `npm install` runs it); say so plainly when it has not been built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('promptstack: the CLI is not built yet. Run `npm run build -w @promptstack/cli` in the repository.\n');
  process.exit(2);
}
await import(entry);
