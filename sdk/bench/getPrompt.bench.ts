/**
 * Figures for the SDK's hot paths, each beside the bare floor measured in the same run (not a
 * test; prints only). Starts the real server (PGlite) for the first fetch and revalidations.
 *
 *   npm run bench -w @promptstack/sdk
 */
import { performance } from 'node:perf_hooks';
import { PromptStack } from '../src/index.ts';
import { stopWorld, world } from '../test/support/world.ts';

const CALLS = 1_000_000;
const LOGS = 100_000;
const ROUNDS = 3;

function perCallNs(start: number, calls: number): number {
  return ((performance.now() - start) * 1e6) / calls;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const w = await world();
await w.createPrompt('bench', 'Hello {{name}}');
const ps = new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, flushIntervalMs: 3_600_000, maxQueue: LOGS + 1, maxBatch: 1000, flushOnExit: false });
await ps.getPrompt('bench');

// The floor: a Map lookup answering a stored resolved promise, awaited.
const floor = new Map([['bench\u0000l:production', Promise.resolve({})]]);
const rounds = { sdkCall: [] as number[], sdkAwait: [] as number[], floorAwait: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  let start = performance.now();
  for (let i = 0; i < CALLS; i++) void ps.getPrompt('bench');
  rounds.sdkCall.push(perCallNs(start, CALLS));
  start = performance.now();
  for (let i = 0; i < CALLS; i++) await ps.getPrompt('bench');
  rounds.sdkAwait.push(perCallNs(start, CALLS));
  start = performance.now();
  for (let i = 0; i < CALLS; i++) await floor.get('bench\u0000l:production');
  rounds.floorAwait.push(perCallNs(start, CALLS));
}

// A first fetch and a 304 revalidation over HTTP, fresh clients each time.
const firstFetch: number[] = [];
for (let i = 0; i < 20; i++) {
  const fresh = new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, flushOnExit: false });
  const start = performance.now();
  await fresh.getPrompt('bench');
  firstFetch.push(performance.now() - start);
  await fresh.close();
}

// logGeneration: enqueue (with its JSON snapshot) vs a bare JSON.stringify of the same item.
const prompt = await ps.getPrompt('bench');
const item = { prompt, input: { name: 'Ada' }, output: 'Hello Ada', usage: { inputTokens: 12, outputTokens: 4 }, latencyMs: 321, userId: 'u1' };
let start = performance.now();
for (let i = 0; i < LOGS; i++) ps.logGeneration(item);
const logNs = perCallNs(start, LOGS);
start = performance.now();
const { prompt: _prompt, ...rest } = item;
for (let i = 0; i < LOGS; i++)
  JSON.stringify({
    id: `${i}`,
    prompt: { name: 'bench', version: 1 },
    model: 'openai/gpt-4o-mini',
    ...rest,
    status: 'success',
    startedAt: new Date().toISOString(),
  });
const stringifyNs = perCallNs(start, LOGS);
start = performance.now();
await ps.flush();
const flushMs = performance.now() - start;
const { sent } = ps.stats;
await ps.close();
stopWorld();

const f = (ns: number) => `${(ns / 1000).toFixed(3)} µs`;
console.log(
  `@promptstack/sdk figures (median of ${ROUNDS} rounds of ${CALLS.toLocaleString()} calls; load ${(await import('node:os')).loadavg()[0]!.toFixed(2)})`,
);
console.log(`  cached getPrompt, call only          ${f(median(rounds.sdkCall))}`);
console.log(`  cached getPrompt, awaited            ${f(median(rounds.sdkAwait))}  (target < 5 µs)`);
console.log(
  `  floor: Map.get + await resolved      ${f(median(rounds.floorAwait))}  ratio ${(median(rounds.sdkAwait) / median(rounds.floorAwait)).toFixed(2)}x`,
);
console.log(`  first fetch over HTTP (median of 20) ${median(firstFetch).toFixed(1)} ms`);
console.log(
  `  logGeneration                        ${f(logNs)}  (bare JSON.stringify of the item ${f(stringifyNs)}, ratio ${(logNs / stringifyNs).toFixed(2)}x)`,
);
console.log(
  `  delivering ${sent.toLocaleString()} generations in batches of 1000: ${flushMs.toFixed(0)} ms (${Math.round((sent / flushMs) * 1000).toLocaleString()}/s)`,
);
