// Measures native bcrypt cost 12: one compare, four at once, and the longest event-loop stall meanwhile.
// `node server/scripts/measure-bcrypt.mjs` (figures quoted in server/README.md).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bcrypt from 'bcrypt';
const hash = await bcrypt.hash('correct horse battery', 12);
let t = performance.now();
await bcrypt.compare('correct horse battery', hash);
const single = performance.now() - t;
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
t = performance.now();
await Promise.all([1, 2, 3, 4].map(() => bcrypt.compare('correct horse battery', hash)));
const four = performance.now() - t;
h.disable();
console.log(JSON.stringify({ singleMs: Math.round(single), fourConcurrentMs: Math.round(four), maxLoopDelayMs: Math.round(h.max / 1e6) }));
