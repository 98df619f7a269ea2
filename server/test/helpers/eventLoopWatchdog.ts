/**
 * Ends the test process when its event loop stays blocked, so a test of a would-be hang (a
 * server stuck in one synchronous call) fails with a message instead of stalling the run: while
 * the loop is blocked, mocha's own timeouts cannot fire, but a worker thread still runs.
 */
import { Worker } from 'node:worker_threads';

const WATCHER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const beat = new Int32Array(workerData.buffer);
let last = Atomics.load(beat, 0);
let since = Date.now();
setInterval(() => {
  const now = Atomics.load(beat, 0);
  if (now !== last) { last = now; since = Date.now(); return; }
  if (Date.now() - since > workerData.limitMs) {
    writeSync(2, '\\nevent loop blocked for more than ' + workerData.limitMs + ' ms: ' + workerData.what + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, 250);
`;

/** Watches the event loop until `stop()`; a block longer than `limitMs` kills the process, naming `what`. */
export async function watchEventLoop(what: string, limitMs: number): Promise<{ stop(): Promise<void> }> {
  const buffer = new SharedArrayBuffer(4);
  const beat = new Int32Array(buffer);
  const worker = new Worker(WATCHER, { eval: true, workerData: { buffer, limitMs, what } });
  const heart = setInterval(() => Atomics.add(beat, 0, 1), 100);
  await new Promise((resolve) => worker.once('online', resolve));
  return {
    async stop() {
      clearInterval(heart);
      await worker.terminate();
    },
  };
}
