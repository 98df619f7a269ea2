/**
 * Engine overhead: core's runner (`runPrompt`: render, validate, call, cost) against the bare
 * `openai` SDK call, both against the local provider with a fixed latency, in the same process and
 * run. The provider runs in its own process, so its CPU is neither counted as ours nor taken from
 * the runner's core. Two bare sides: the SDK as users construct it (default settings, Node's global
 * fetch) and the SDK given the fetch core gives it (`createNodeFetch`), so our own overhead can
 * be read against the same HTTP stack. Sides alternate round by round so load drift hits all alike;
 * the machine may be shared, so CPU per run (process.cpuUsage) is the figure to judge changes by.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { createProviderRegistry, runPrompt } from '@promptstack/core';
import { createNodeFetch } from '@promptstack/core/providers/nodeFetch';

const LATENCY_MS = 15;
const SEQUENTIAL = 200;
const CONCURRENT = 1000;
const CONCURRENCY = 20;
const ROUNDS = 3;
const KEY = 'bench-key';
const SOURCE = `---
model: openai/gpt-4o-mini
input:
  schema:
    topic: string
---
{{role "system"}}You are a concise assistant. Answer in one sentence.
{{role "user"}}Write one sentence about {{topic}}.`;

/** Starts core's local provider CLI in a child process and resolves its OpenAI base URL. */
async function startProvider(): Promise<{ baseURL: string; stop(): void }> {
  const cli = fileURLToPath(new URL('../../core/src/local-provider/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--latency', String(LATENCY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /OPENAI_BASE_URL=(\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`provider exited ${code}: ${out}`)));
  });
  return { baseURL, stop: () => child.kill() };
}

const provider = await startProvider();
const providers = createProviderRegistry({ openai: { apiKey: KEY, baseURL: provider.baseURL } });
const defaultClient = new OpenAI({ apiKey: KEY, baseURL: provider.baseURL, maxRetries: 0 });
const coreFetchClient = new OpenAI({ apiKey: KEY, baseURL: provider.baseURL, maxRetries: 0, fetch: createNodeFetch() });

const bareCall = (client: OpenAI) => async (i: number) => {
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a concise assistant. Answer in one sentence.' },
      { role: 'user', content: `Write one sentence about topic ${i}.` },
    ],
  });
};
const SIDES = {
  'core runPrompt': async (i: number) => {
    const result = await runPrompt({ source: SOURCE, input: { topic: `topic ${i}` }, providers });
    if (result.status !== 'success') throw new Error(result.error?.message);
  },
  'bare SDK (default fetch)': bareCall(defaultClient),
  "bare SDK (core's fetch)": bareCall(coreFetchClient),
};
type Side = keyof typeof SIDES;

interface Sample {
  wallMs: number;
  cpuMsPerRun: number;
}

/** `n` runs of `fn` with `concurrency` in flight (a worker pool, as a provider limiter keeps it). */
async function measure(fn: (i: number) => Promise<void>, n: number, concurrency: number): Promise<Sample> {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMsPerRun: (used.user + used.system) / 1000 / n };
}

/** Alternates the sides for `ROUNDS` rounds; keeps each side's best wall and lowest CPU (least disturbed). */
async function compare(n: number, concurrency: number): Promise<Record<Side, Sample>> {
  const samples = new Map<Side, Sample[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, fn] of Object.entries(SIDES) as [Side, (i: number) => Promise<void>][]) {
      const list = samples.get(side) ?? [];
      list.push(await measure(fn, n, concurrency));
      samples.set(side, list);
    }
  }
  return Object.fromEntries(
    [...samples].map(([side, list]) => [
      side,
      {
        wallMs: Math.min(...list.map((s) => s.wallMs)),
        cpuMsPerRun: Math.min(...list.map((s) => s.cpuMsPerRun)),
      },
    ]),
  ) as Record<Side, Sample>;
}

const loadBefore = loadavg()[0]!;
// Warm every side (JIT, keep-alive sockets) before anything is measured.
for (const fn of Object.values(SIDES)) await measure(fn, 200, CONCURRENCY);
const sequential = await compare(SEQUENTIAL, 1);
const concurrent = await compare(CONCURRENT, CONCURRENCY);
provider.stop();
const rssMiB = process.resourceUsage().maxRSS / 1024;

const ideal = (CONCURRENT * LATENCY_MS) / CONCURRENCY;
const fixed = (value: number, digits: number, width: number) => value.toFixed(digits).padStart(width);
const ours = 'core runPrompt' satisfies Side;
console.log(
  `provider latency ${LATENCY_MS} ms (local provider, own process); load ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}; best of ${ROUNDS} alternated rounds\n`,
);
console.log(`sequential, ${SEQUENTIAL} runs                wall ms   per run ms   CPU ms/run   wall vs ours`);
for (const [side, s] of Object.entries(sequential)) {
  console.log(
    `  ${side.padEnd(32)} ${fixed(s.wallMs, 0, 7)}   ${fixed(s.wallMs / SEQUENTIAL, 2, 10)}   ${fixed(s.cpuMsPerRun, 3, 10)}   ${fixed(sequential[ours].wallMs / s.wallMs, 3, 10)}x`,
  );
}
console.log(`\nconcurrency ${CONCURRENCY}, ${CONCURRENT} runs (ideal ${ideal} ms)  wall ms   vs ideal     CPU ms/run`);
for (const [side, s] of Object.entries(concurrent)) {
  console.log(`  ${side.padEnd(32)} ${fixed(s.wallMs, 0, 7)}   ${fixed(s.wallMs / ideal, 3, 9)}x   ${fixed(s.cpuMsPerRun, 3, 10)}`);
}
const overhead = (bare: Side) => concurrent[ours].cpuMsPerRun - concurrent[bare].cpuMsPerRun;
console.log(`\nsequential ratio ours / bare default: ${(sequential[ours].wallMs / sequential['bare SDK (default fetch)'].wallMs).toFixed(3)}x (target < 1.1x)`);
console.log(`concurrency ${CONCURRENCY}: ours ${(concurrent[ours].wallMs / ideal).toFixed(3)}x the ideal (target within 1.2x)`);
console.log(
  `our CPU overhead per run at concurrency ${CONCURRENCY}: ${overhead("bare SDK (core's fetch)").toFixed(3)} ms over the SDK with the same fetch, ${overhead('bare SDK (default fetch)').toFixed(3)} ms vs the default SDK`,
);
console.log(`peak RSS of this process (all sides, tsx included): ${rssMiB.toFixed(0)} MiB`);
