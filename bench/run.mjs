// `npm run bench [-- <filter>...]`: runs every bench file under bench/<group>/ (`*.bench.ts`,
// `*.bench.mts`, `*.bench.mjs`, `*.bench.js`), one child process each so no bench warms or
// pollutes another's heap. A filter selects by group folder (`language`, `server`, `runs`) or by
// a part of the file name (`analyze`). Exits non-zero when any bench fails.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const BENCH_FILE = /\.bench\.(?:ts|mts|mjs|js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'results', 'dist', 'fixtures']);

/** Every bench file below `dir`, sorted so runs print in a stable order. */
function findBenches(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) found.push(...findBenches(path));
    } else if (BENCH_FILE.test(name) && dir !== ROOT) {
      found.push(path);
    }
  }
  return found;
}

/** Runs one bench through tsx (TypeScript and plain JS alike), streaming its output. */
function runBench(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', cwd: ROOT });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const filters = process.argv.slice(2);
const all = findBenches(ROOT).map((file) => relative(ROOT, file));
const selected = all.filter((file) => filters.length === 0 || filters.some((f) => file.split('/')[0] === f || file.includes(f)));
if (selected.length === 0) {
  console.error(`No bench matches ${filters.join(' ')}. Found: ${all.join(', ') || 'none'}`);
  process.exit(1);
}

const failed = [];
for (const file of selected) {
  // Figures only mean something beside the machine's load when they were taken.
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`\n### ${file}  (node ${process.version}, ${availableParallelism()} cpus, load ${load})\n`);
  const code = await runBench(join(ROOT, file));
  if (code !== 0) failed.push(`${file} exited ${code}`);
}
console.log('');
for (const line of failed) console.log(`FAILED: ${line}`);
console.log(`${selected.length - failed.length} of ${selected.length} benches ran`);
process.exit(failed.length ? 1 : 0);
