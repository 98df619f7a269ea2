// `npm test`: build what the tests need, type-check and lint everything, check formatting, then run each package's tests,
// and the suites that run on plain Node (not in VS Code or a browser) again on the other supported
// major release (the server's on its embedded database there).
// Prints every package's own output and closes with one line, `N passed, N failed, N skipped`,
// summed over all packages and runs; exits non-zero when any step or test fails.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { nodeBinDir } from './node-runtime.mjs';

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
/** The release the plain-Node suites run on too (CI's own Node is 20), and those suites. */
const ALSO_ON_NODE = '22.23.5';
const ALSO_ON_NODE_PACKAGES = ['@promptstack/core', '@promptstack/server', '@promptstack/cli', '@promptstack/sdk'];
const only = process.argv.slice(2);

/** Runs a command, echoing its output, and resolves with its exit code and captured text. */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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
/** Runs one package's tests (with `env`), adding its counts to the totals. */
async function testPackage(pkg, label, env = process.env) {
  console.log(`\n=== tests: ${label} ===`);
  const { code, text } = await run('npm', ['test', '-w', pkg, '--if-present'], env);
  const counted = count(text);
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;
  if (code !== 0) problems.push(`${label} tests exited ${code}`);
}

if (problems.length === 0) {
  for (const pkg of PACKAGES.filter((p) => only.length === 0 || only.includes(p))) await testPackage(pkg, pkg);
}
if (problems.length === 0 && only.length === 0) {
  const bin = nodeBinDir(ALSO_ON_NODE);
  if (!bin) console.log(`\n(no Node ${ALSO_ON_NODE} build on the npm registry for ${process.platform}-${process.arch}: its run is skipped)`);
  else {
    // Node first on PATH runs npm, mocha and every child process; the database is the embedded one.
    const { TEST_DATABASE_URL: _postgres, ...rest } = process.env;
    const env = { ...rest, PATH: `${bin}${delimiter}${process.env.PATH}` };
    for (const pkg of ALSO_ON_NODE_PACKAGES) await testPackage(pkg, `${pkg} on node ${ALSO_ON_NODE}`, env);
  }
}
console.log('');
for (const problem of problems) console.log(`FAILED: ${problem}`);
if (problems.length && totals.failed === 0) totals.failed = problems.length;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length ? 1 : 0);
