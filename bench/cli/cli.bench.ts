/**
 * The `promptstack test` command beside `promptfoo eval`: the same prompt over the same 1,000
 * cases (bench/promptfoo's dataset and prompt) against the same local provider (15 ms latency) at
 * concurrency 20, each side a fresh process under GNU time (wall, CPU of the process tree, peak
 * RSS), in the same run. Our side is the real CLI as CI runs it (`bin/promptstack.js test` on a
 * `name.tests.yaml`, the pretty reporter to stdout, progress lines to stderr), promptfoo as its
 * own bench runs it. Then the cached rerun: the same 1,000 cases answered from the response cache
 * (no provider call). Targets: within 1.3x of the ideal wall time (1,000 x 15 ms / 20 = 750 ms),
 * under 150 MiB, the cached rerun under 0.5 s. CLI_BENCH_REPEAT (default 3) sets the rounds;
 * medians are printed. CLI_BENCH_PROMPTFOO=0 leaves promptfoo's side out (no 1.4 GB install, a
 * quicker round while working on the CLI).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startLocalProviderServer } from '@promptstack/core/local-provider/server';
import { makeTopics, writeDataset } from '../promptfoo/dataset.ts';
import { ensurePromptfoo, PROMPTFOO_VERSION } from '../promptfoo/installPromptfoo.ts';
import { canMeasureProcesses, GNU_TIME, measureProcess, type ProcessCost } from '../promptfoo/measureProcess.ts';
import { PROMPT_FILE, promptfooCommand, type EvalSetup } from '../promptfoo/sides.ts';
import { median, textTable } from '../promptfoo/textTable.ts';

const CASES = 1_000;
const CONCURRENCY = 20;
const LATENCY_MS = 15;
const IDEAL_MS = (CASES * LATENCY_MS) / CONCURRENCY;
const ROUNDS = Number(process.env.CLI_BENCH_REPEAT) || 3;
const API_KEY = 'sk-local-bench';
const TARGETS = { wallRatio: 1.3, peakRssMiB: 150, cachedRerunMs: 500 };
const CLI_DIR = fileURLToPath(new URL('../../cli/', import.meta.url));
const BIN = join(CLI_DIR, 'bin/promptstack.js');

type Side = 'promptstack test' | 'promptfoo eval' | 'promptstack test, cached rerun';
const SIDES: Side[] = ['promptstack test', 'promptfoo eval', 'promptstack test, cached rerun'];

if (!canMeasureProcesses()) {
  console.error(`${GNU_TIME} is missing: install GNU time (apt-get install time) to measure child processes.`);
  process.exit(1);
}
// The CLI as the repository's install builds it (one esbuild bundle), from the code checked out now.
if (spawnSync(process.execPath, ['build.mjs'], { cwd: CLI_DIR, stdio: 'inherit' }).status !== 0) process.exit(1);
const promptfooCli = process.env.CLI_BENCH_PROMPTFOO === '0' ? undefined : ensurePromptfoo();

const workDir = mkdtempSync(join(tmpdir(), 'promptstack-cli-bench-'));
mkdirSync(join(workDir, 'promptfoo-home'));
const topics = makeTopics(CASES);
const server = await startLocalProviderServer({ apiKey: API_KEY, script: { '*': { latencyMs: LATENCY_MS } } });

/** The suite our CLI runs: bench/promptfoo's prompt beside a tests file of the same check promptfoo makes (contains the topic, ignoring case). */
function writeSuite(cases: number): string {
  const dir = join(workDir, `suite-${cases}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(PROMPT_FILE, join(dir, 'summary.prompt'));
  const tests = topics.slice(0, cases).map((topic, i) => ({
    name: `case ${i + 1}`,
    input: { topic },
    assert: [{ type: 'contains', value: topic, caseSensitive: false }],
  }));
  writeFileSync(join(dir, 'summary.tests.yaml'), stringify({ tests }));
  return dir;
}

/** One measured process; throws with its output when it failed or did not make the expected calls. */
async function runOnce(side: Side, cases: number, cacheDir: string): Promise<ProcessCost> {
  server.requests.length = 0;
  const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl };
  let cost: ProcessCost;
  if (side === 'promptfoo eval') {
    const datasetPath = join(workDir, `dataset-${cases}.csv`);
    writeDataset(datasetPath, topics.slice(0, cases));
    const setup: EvalSetup = { workDir, datasetPath, cases, concurrency: CONCURRENCY, openaiBaseUrl: server.openaiBaseUrl, apiKey: API_KEY };
    const { command, args, env: its } = promptfooCommand(promptfooCli!, setup);
    cost = await measureProcess(command, args, { cwd: workDir, env: its });
  } else {
    const cache = side === 'promptstack test' ? ['--no-cache'] : ['--cache-dir', cacheDir];
    cost = await measureProcess(process.execPath, [BIN, 'test', writeSuite(cases), '-j', String(CONCURRENCY), ...cache], { cwd: workDir, env });
  }
  const calls = server.requests.length;
  const expectedCalls = side === 'promptstack test, cached rerun' ? 0 : cases;
  const passed = side === 'promptfoo eval' || new RegExp(`^${cases} passed, 0 failed`, 'm').test(cost.stdout);
  if (cost.code !== 0 || calls !== expectedCalls || !passed) {
    throw new Error(`${side} (${cases} cases) exited ${cost.code} after ${calls} provider calls:\n${cost.stdout.slice(-1500)}\n${cost.stderr.slice(-1500)}`);
  }
  return cost;
}

const sides = promptfooCli ? SIDES : SIDES.filter((side) => side !== 'promptfoo eval');
const samples = new Map<Side, ProcessCost[]>();
try {
  console.log(
    `promptstack test (the CLI) vs promptfoo ${PROMPTFOO_VERSION} eval, ${CASES} cases, local provider at ${LATENCY_MS} ms, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (medians)`,
  );
  if (!promptfooCli) {
    console.log(
      process.env.CLI_BENCH_PROMPTFOO === '0'
        ? 'CLI_BENCH_PROMPTFOO=0: promptfoo is left out.'
        : 'promptfoo could not be installed (see above): its side is left out.',
    );
  }
  // Warm-up, not counted: the OS file cache (promptfoo's node_modules is large), promptfoo's database.
  for (const side of sides.filter((s) => s !== 'promptstack test, cached rerun')) await runOnce(side, 1, '');
  for (let round = 0; round < ROUNDS; round++) {
    const cacheDir = mkdtempSync(join(workDir, 'cache-'));
    // Fill the cache (not measured), so the rerun finds every answer.
    await measureProcess(process.execPath, [BIN, 'test', writeSuite(CASES), '-j', String(CONCURRENCY), '--cache-dir', cacheDir], {
      cwd: workDir,
      env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl },
    });
    // Alternating who goes first, so neither always inherits the other's heat.
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) samples.set(side, [...(samples.get(side) ?? []), await runOnce(side, CASES, cacheDir)]);
  }
} finally {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}

const stat = (side: Side) => {
  const costs = samples.get(side) ?? [];
  return {
    wallMs: median(costs.map((c) => c.wallMs)),
    bestWallMs: Math.min(...costs.map((c) => c.wallMs)),
    cpuMs: median(costs.map((c) => c.cpuMs)),
    peakRssMiB: median(costs.map((c) => c.peakRssMiB)),
  };
};
const figures = Object.fromEntries(sides.map((side) => [side, stat(side)])) as Record<Side, ReturnType<typeof stat>>;
const f0 = (n: number) => n.toFixed(0);
const x = (n: number) => `${n.toFixed(2)}x`;

console.log('');
console.log(
  textTable(
    ['process', 'wall ms', 'best wall ms', 'wall / ideal', 'CPU ms', 'peak RSS MiB'],
    sides.map((side) => {
      const s = figures[side];
      return [side, f0(s.wallMs), f0(s.bestWallMs), side.includes('cached') ? '' : x(s.wallMs / IDEAL_MS), f0(s.cpuMs), f0(s.peakRssMiB)];
    }),
  ),
);
if (promptfooCli) {
  const [ours, theirs] = [figures['promptstack test'], figures['promptfoo eval']];
  console.log('');
  console.log(
    textTable(
      ['ratio', 'wall', 'CPU', 'peak RSS'],
      [['promptfoo eval / promptstack test', x(theirs.wallMs / ours.wallMs), x(theirs.cpuMs / ours.cpuMs), x(theirs.peakRssMiB / ours.peakRssMiB)]],
    ),
  );
}
const ours = figures['promptstack test'];
const cached = figures['promptstack test, cached rerun'];
console.log('');
console.log(
  textTable(
    ['promptstack target', 'measured', 'target', ''],
    [
      [
        '1,000 cases, process wall',
        `${f0(ours.wallMs)} ms = ${x(ours.wallMs / IDEAL_MS)} ideal`,
        `<= ${TARGETS.wallRatio}x`,
        ours.wallMs / IDEAL_MS <= TARGETS.wallRatio,
      ],
      ['1,000 cases, peak RSS', `${f0(ours.peakRssMiB)} MiB`, `< ${TARGETS.peakRssMiB} MiB`, ours.peakRssMiB < TARGETS.peakRssMiB],
      ['cached rerun of the 1,000, process wall', `${f0(cached.wallMs)} ms`, `< ${TARGETS.cachedRerunMs} ms`, cached.wallMs < TARGETS.cachedRerunMs],
    ].map(([what, measured, target, met]) => [String(what), String(measured), String(target), met ? 'ok' : 'MISSED']),
  ),
);
console.log('');
console.log(
  `ideal = ${CASES} x ${LATENCY_MS} ms / ${CONCURRENCY} = ${IDEAL_MS} ms. Each figure is a whole fresh process (node start-up included) under GNU time;`,
);
console.log("the local provider runs in the bench's own process, so its CPU is in neither side.");

const resultsDir = new URL('../results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  new URL('cli.json', resultsDir),
  `${JSON.stringify({ at: new Date().toISOString(), promptfoo: promptfooCli ? PROMPTFOO_VERSION : null, cases: CASES, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, idealMs: IDEAL_MS, rounds: ROUNDS, figures }, null, 2)}\n`,
);
