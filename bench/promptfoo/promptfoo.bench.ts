/**
 * Side by side with promptfoo: the same prompt over the same 1,000-row dataset against
 * the same local provider (15 ms latency) at concurrency 20, and a single case (start-up), in the
 * same run. Each side runs as a child process under GNU time: wall time, CPU (user+sys of its
 * process tree) and peak RSS, as ratios. The local provider runs in this process, so its own CPU
 * is in neither side's figures. Targets for our side: 1,000 cases within 1.2x of the ideal
 * (1,000 x 15 ms / 20 = 750 ms), under 0.5 ms of CPU per run, under 150 MiB.
 * PROMPTFOO_BENCH_REPEAT (default 3) sets the rounds; medians are printed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalProviderServer, type LoggedRequest } from '@promptstack/core/local-provider/server';
import { bundleChildScript } from './bundleChildScript.ts';
import { makeTopics, writeDataset } from './dataset.ts';
import { ensurePromptfoo, PROMPTFOO_VERSION } from './installPromptfoo.ts';
import { canMeasureProcesses, GNU_TIME, measureProcess, type ProcessCost } from './measureProcess.ts';
import { bareSdkCommand, ourCommand, promptfooCommand, type EvalSetup, type SideCommand } from './sides.ts';
import { median, textTable } from './textTable.ts';

const CASES = 1_000;
const CONCURRENCY = 20;
const LATENCY_MS = 15;
const IDEAL_MS = (CASES * LATENCY_MS) / CONCURRENCY;
const ROUNDS = Number(process.env.PROMPTFOO_BENCH_REPEAT) || 3;
const API_KEY = 'sk-local-bench';
const TARGETS = { wallRatio: 1.2, cpuPerRunMs: 0.5, peakRssMiB: 150 };

type Side = 'PromptStack' | 'promptfoo' | 'bare openai SDK' | 'bare SDK, core fetch';
/**
 * The bare SDK is the floor: what any client of the same SDK pays for the calls alone, as users
 * build it and with the fetch core gives it (the floor under our side's HTTP stack).
 */
const SIDES: Side[] = ['PromptStack', 'promptfoo', 'bare openai SDK', 'bare SDK, core fetch'];
const SIZES = [1, CASES];

if (!canMeasureProcesses()) {
  console.error(`${GNU_TIME} is missing: install GNU time (apt-get install time) to measure child processes.`);
  process.exit(1);
}
const promptfooCli = ensurePromptfoo();
if (!promptfooCli) process.exit(1);
const ourBundle = await bundleChildScript('ourEval');
const bareBundle = await bundleChildScript('bareSdkEval');

const workDir = mkdtempSync(join(tmpdir(), 'promptstack-promptfoo-'));
mkdirSync(join(workDir, 'promptfoo-home'));
const topics = makeTopics(CASES);
const server = await startLocalProviderServer({ apiKey: API_KEY, script: { '*': { latencyMs: LATENCY_MS } } });

/** The command of `side` for an eval of the first `cases` topics. */
function commandFor(side: Side, cases: number): SideCommand {
  const datasetPath = join(workDir, `dataset-${cases}.csv`);
  writeDataset(datasetPath, topics.slice(0, cases));
  const setup: EvalSetup = { workDir, datasetPath, cases, concurrency: CONCURRENCY, openaiBaseUrl: server.openaiBaseUrl, apiKey: API_KEY };
  if (side === 'promptfoo') return promptfooCommand(promptfooCli!, setup);
  if (side === 'PromptStack') return ourCommand(ourBundle, setup);
  return bareSdkCommand(bareBundle, setup, side === 'bare SDK, core fetch' ? 'core' : 'global');
}

/** One measured eval; throws with the child's output when it failed or did not make every call. */
async function runOnce(side: Side, cases: number): Promise<{ cost: ProcessCost; requests: LoggedRequest[] }> {
  server.requests.length = 0;
  const { command, args, env } = commandFor(side, cases);
  const cost = await measureProcess(command, args, { cwd: workDir, env });
  const requests = server.requests.splice(0);
  // promptfoo exits non-zero when an assertion failed; the others print what they saw.
  const allPassed = side === 'promptfoo' ? cost.code === 0 : childReport(cost).passed === cases;
  if (cost.code !== 0 || !allPassed || requests.length !== cases) {
    throw new Error(
      `${side} (${cases} cases) exited ${cost.code} after ${requests.length} provider calls:\n${cost.stdout.slice(-2000)}\n${cost.stderr.slice(-2000)}`,
    );
  }
  return { cost, requests };
}

/** The JSON line our eval and the bare SDK eval print last. */
function childReport(cost: ProcessCost): { passed?: number; evalMs?: number } {
  try {
    return JSON.parse(cost.stdout.trim().split('\n').at(-1) ?? '{}') as { passed?: number; evalMs?: number };
  } catch {
    return {};
  }
}

/** The chat messages of a logged request, text only, trimmed: what both sides must agree on. */
function sentMessages(request: LoggedRequest | undefined): string {
  const messages = (request?.body?.messages ?? []) as { role: string; content: string | { text?: string }[] }[];
  return JSON.stringify(messages.map((m) => [m.role, (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('')).trim()]));
}

const samples = new Map<string, ProcessCost[]>();
/** First call to last result, as each child but promptfoo reports it, per side at 1,000 cases. */
const evalMsOf = new Map<Side, number[]>();
const key = (side: Side, cases: number) => `${side}/${cases}`;

try {
  console.log(
    `promptfoo ${PROMPTFOO_VERSION} vs PromptStack (bundled runner), local provider at ${LATENCY_MS} ms, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (medians)`,
  );
  // Warm-up, not counted: fills the OS file cache (promptfoo's node_modules is 1.4 GB), creates
  // promptfoo's database, and shows both sides send the same messages for the same row.
  const warm: string[] = [];
  for (const side of SIDES) warm.push(sentMessages((await runOnce(side, 1)).requests[0]));
  const sameMessages = warm.every((sent) => sent === warm[0]);
  console.log(`same messages sent by every side: ${sameMessages ? 'yes' : `NO\n${SIDES.map((side, i) => `  ${side}: ${warm[i]}`).join('\n')}`}`);

  for (let round = 0; round < ROUNDS; round++) {
    // Alternating who goes first, so neither always inherits the other's cache or heat.
    const order = round % 2 === 0 ? SIDES : [...SIDES].reverse();
    for (const cases of SIZES) {
      for (const side of order) {
        const { cost } = await runOnce(side, cases);
        samples.set(key(side, cases), [...(samples.get(key(side, cases)) ?? []), cost]);
        if (side !== 'promptfoo' && cases === CASES) evalMsOf.set(side, [...(evalMsOf.get(side) ?? []), childReport(cost).evalMs ?? Number.NaN]);
      }
    }
  }
} finally {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}

/** Medians of one side at one size. */
function stats(side: Side, cases: number) {
  const costs = samples.get(key(side, cases)) ?? [];
  return {
    wallMs: median(costs.map((c) => c.wallMs)),
    /** The least disturbed round: on a shared machine, load only ever adds. */
    bestWallMs: Math.min(...costs.map((c) => c.wallMs)),
    cpuMs: median(costs.map((c) => c.cpuMs)),
    peakRssMiB: median(costs.map((c) => c.peakRssMiB)),
  };
}

const f0 = (n: number) => n.toFixed(0);
const f2 = (n: number) => n.toFixed(2);
const x = (n: number) => `${n.toFixed(2)}x`;

const figures = Object.fromEntries(SIDES.map((side) => [side, Object.fromEntries(SIZES.map((n) => [n, stats(side, n)]))])) as Record<
  Side,
  Record<number, ReturnType<typeof stats>>
>;
/** CPU per extra case: the 1,000-case CPU less the single case's (start-up), over the 999 others. */
const marginalCpu = (side: Side) => (figures[side][CASES]!.cpuMs - figures[side][1]!.cpuMs) / (CASES - 1);

console.log('');
console.log(
  textTable(
    ['side', 'cases', 'wall ms', 'best wall ms', 'wall / ideal', 'CPU ms', 'CPU ms / case', 'marginal CPU ms / case', 'peak RSS MiB'],
    SIDES.flatMap((side) =>
      SIZES.map((n) => {
        const s = figures[side][n]!;
        return [
          side,
          String(n),
          f0(s.wallMs),
          f0(s.bestWallMs),
          n === CASES ? x(s.wallMs / IDEAL_MS) : '',
          f0(s.cpuMs),
          f2(s.cpuMs / n),
          n === CASES ? f2(marginalCpu(side)) : '',
          f0(s.peakRssMiB),
        ];
      }),
    ),
  ),
);

console.log('');
console.log(
  textTable(
    ['ratio', 'cases', 'wall', 'CPU', 'peak RSS'],
    (
      [
        ['promptfoo / PromptStack', 'promptfoo', 'PromptStack'],
        ['PromptStack / bare openai SDK', 'PromptStack', 'bare openai SDK'],
        ['PromptStack / bare SDK, core fetch', 'PromptStack', 'bare SDK, core fetch'],
      ] as const
    ).flatMap(([label, a, b]) =>
      SIZES.map((n) => {
        const [top, bottom] = [figures[a][n]!, figures[b][n]!];
        return [label, String(n), x(top.wallMs / bottom.wallMs), x(top.cpuMs / bottom.cpuMs), x(top.peakRssMiB / bottom.peakRssMiB)];
      }),
    ),
  ),
);

const ours = figures.PromptStack[CASES]!;
const evalMs = median(evalMsOf.get('PromptStack') ?? []);
const floor = figures['bare SDK, core fetch'][CASES]!;
const floorEvalMs = median(evalMsOf.get('bare SDK, core fetch') ?? []);
const checks = [
  [
    '1,000 cases, process wall (with node start-up)',
    `${f0(ours.wallMs)} ms = ${x(ours.wallMs / IDEAL_MS)} ideal`,
    `<= ${TARGETS.wallRatio}x`,
    ours.wallMs / IDEAL_MS <= TARGETS.wallRatio,
  ],
  [
    '1,000 cases, eval wall (first call to last result)',
    `${f0(evalMs)} ms = ${x(evalMs / IDEAL_MS)} ideal`,
    `<= ${TARGETS.wallRatio}x`,
    evalMs / IDEAL_MS <= TARGETS.wallRatio,
  ],
  [
    'CPU per run (marginal, start-up excluded)',
    `${f2(marginalCpu('PromptStack'))} ms`,
    `< ${TARGETS.cpuPerRunMs} ms`,
    marginalCpu('PromptStack') < TARGETS.cpuPerRunMs,
  ],
  ['CPU per run (whole process / 1,000)', `${f2(ours.cpuMs / CASES)} ms`, `< ${TARGETS.cpuPerRunMs} ms`, ours.cpuMs / CASES < TARGETS.cpuPerRunMs],
  ['peak RSS, 1,000 cases', `${f0(ours.peakRssMiB)} MiB`, `< ${TARGETS.peakRssMiB} MiB`, ours.peakRssMiB < TARGETS.peakRssMiB],
] as const;
console.log('');
console.log(
  textTable(
    ['PromptStack target', 'measured', 'target', ''],
    checks.map(([what, measured, target, met]) => [what, measured, target, met ? 'ok' : 'MISSED']),
  ),
);
console.log(
  `floor, the bare SDK with core's fetch: eval wall ${f0(floorEvalMs)} ms = ${x(floorEvalMs / IDEAL_MS)} ideal, marginal CPU ${f2(marginalCpu('bare SDK, core fetch'))} ms, whole process ${f2(floor.cpuMs / CASES)} ms per run`,
);
console.log('');
console.log(
  `ideal = ${CASES} x ${LATENCY_MS} ms / ${CONCURRENCY} = ${IDEAL_MS} ms. CPU and RSS by GNU time over each child's process tree (RSS: largest process);`,
);
console.log("the local provider runs in the bench's own process, so its CPU is in neither side. PromptStack runs core's runTestCase");
console.log('(runPrompt + contains assertion) from one esbuild bundle; promptfoo writes its results database as `promptfoo eval` does.');

const resultsDir = new URL('../results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  new URL('promptfoo.json', resultsDir),
  `${JSON.stringify({ at: new Date().toISOString(), promptfoo: PROMPTFOO_VERSION, cases: CASES, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, idealMs: IDEAL_MS, rounds: ROUNDS, figures, evalMs: Object.fromEntries([...evalMsOf].map(([side, values]) => [side, median(values)])), marginalCpuMs: Object.fromEntries(SIDES.map((side) => [side, marginalCpu(side)])) }, null, 2)}\n`,
);
