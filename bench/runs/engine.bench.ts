/**
 * Engine overhead: N sequential runs through core's runner (`runPrompt`: render, validate, call,
 * cost) against the bare `openai` SDK call, both against the local provider with a fixed latency,
 * in the same process and run; then concurrency 20 over 1,000 runs against the ideal N x latency / 20.
 * The provider runs in its own process so its CPU is not counted as ours. Prints figures.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { createProviderLimiter, createProviderRegistry, runPrompt } from '@promptstack/core';

const LATENCY_MS = 15;
const SEQUENTIAL = 200;
const CONCURRENT = 1000;
const CONCURRENCY = 20;
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
const client = new OpenAI({ apiKey: KEY, baseURL: provider.baseURL, maxRetries: 0 });

const ours = async (i: number) => {
  const result = await runPrompt({ source: SOURCE, input: { topic: `topic ${i}` }, providers });
  if (result.status !== 'success') throw new Error(result.error?.message);
};
const bare = async (i: number) => {
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'You are a concise assistant. Answer in one sentence.' }, { role: 'user', content: `Write one sentence about topic ${i}.` }],
  });
};

async function sequential(fn: (i: number) => Promise<void>, n: number) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMsPerRun: (used.user + used.system) / 1000 / n };
}

// Warm both paths (JIT, keep-alive sockets), then alternate so drift hits both alike.
await sequential(ours, 20);
await sequential(bare, 20);
const rounds: { ours: Awaited<ReturnType<typeof sequential>>; bare: Awaited<ReturnType<typeof sequential>> }[] = [];
for (let r = 0; r < 3; r++) rounds.push({ ours: await sequential(ours, SEQUENTIAL), bare: await sequential(bare, SEQUENTIAL) });
const best = (side: 'ours' | 'bare') => rounds.map((x) => x[side]).sort((a, b) => a.wallMs - b.wallMs)[0]!;
const o = best('ours');
const b = best('bare');

const limiter = createProviderLimiter({ openai: CONCURRENCY });
const cpu = process.cpuUsage();
const start = performance.now();
await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => limiter.runForModel('openai/gpt-4o-mini', () => ours(i))));
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
const ideal = (CONCURRENT * LATENCY_MS) / CONCURRENCY;
provider.stop();

const rssMiB = process.resourceUsage().maxRSS / 1024;
console.log(`provider latency ${LATENCY_MS} ms (local provider, own process)\n`);
console.log(`sequential ${SEQUENTIAL} runs (best of 3)   wall ms   per run ms   CPU ms/run`);
console.log(`  core runPrompt                 ${o.wallMs.toFixed(0).padStart(7)}   ${(o.wallMs / SEQUENTIAL).toFixed(2).padStart(10)}   ${o.cpuMsPerRun.toFixed(3).padStart(10)}`);
console.log(`  bare openai SDK                ${b.wallMs.toFixed(0).padStart(7)}   ${(b.wallMs / SEQUENTIAL).toFixed(2).padStart(10)}   ${b.cpuMsPerRun.toFixed(3).padStart(10)}`);
console.log(`  ratio (target < 1.1x)          ${(o.wallMs / b.wallMs).toFixed(3)}x\n`);
console.log(`concurrency ${CONCURRENCY} over ${CONCURRENT} runs: wall ${wallMs.toFixed(0)} ms, ideal ${ideal.toFixed(0)} ms, ratio ${(wallMs / ideal).toFixed(3)}x (target within 1.2x)`);
console.log(`CPU per run ${((used.user + used.system) / 1000 / CONCURRENT).toFixed(3)} ms; peak RSS ${rssMiB.toFixed(0)} MiB`);
