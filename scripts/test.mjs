// `npm test`: build what the tests need, type-check and lint everything, check formatting, then run each package's tests.
// Prints every package's own output and closes with one line, `N passed, N failed, N skipped`,
// summed over all packages; exits non-zero when any step or test fails.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const PACKAGES = [
  '@promptstack/core',
  '@promptstack/language-server',
  '@promptstack/syntaxes',
  '@promptstack/server',
  '@promptstack/web',
  '@promptstack/cli',
  '@promptstack/sdk',
  'promptstack',
];
const only = process.argv.slice(2);

/** Runs a command, echoing its output, and resolves with its exit code and captured text. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        text += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

/** Sums mocha's summary lines (`N passing`, `N failing`, `N pending`) and plain `N passed, N failed` lines. */
function count(text) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const plain = /(\d+) passing|(\d+) failing|(\d+) pending/g;
  for (const m of stripVTControlCharacters(text).matchAll(plain)) {
    if (m[1]) totals.passed += Number(m[1]);
    if (m[2]) totals.failed += Number(m[2]);
    if (m[3]) totals.skipped += Number(m[3]);
  }
  return totals;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const steps = only.length
  ? []
  : [
      ['build', ['run', 'build']],
      ['typecheck', ['run', 'typecheck']],
      ['lint', ['run', 'lint']],
      ['format', ['run', 'format:check']],
    ];
for (const [name, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const { code } = await run('npm', args);
  if (code !== 0) problems.push(`${name} exited ${code}`);
}
if (problems.length === 0) {
  for (const pkg of PACKAGES.filter((p) => only.length === 0 || only.includes(p))) {
    console.log(`\n=== tests: ${pkg} ===`);
    const { code, text } = await run('npm', ['test', '-w', pkg, '--if-present']);
    const counted = count(text);
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
    if (code !== 0) problems.push(`${pkg} tests exited ${code}`);
  }
}
console.log('');
for (const problem of problems) console.log(`FAILED: ${problem}`);
if (problems.length && totals.failed === 0) totals.failed = problems.length;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length ? 1 : 0);
