/**
 * One lazily started worker thread that analyses large documents off the main thread.
 * Jobs run in order; if the worker dies, pending jobs fall back to analysing inline.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PromptAnalysis } from '@promptstack/core';
import { analyzeDocument } from './analyzeDocument.ts';

interface Pending {
  uri: string;
  text: string;
  resolve: (analysis: PromptAnalysis) => void;
}

/** Runs `analyzeDocument` in a worker thread; `dispose` terminates it. */
export class AnalysisWorkerPool {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `workerScript`: the bundled worker, dist/analysisWorker.js beside dist/server.js. */
  constructor(private readonly workerScript = path.join(__dirname, 'analysisWorker.js')) {}

  /** Analyses in the worker; never rejects (falls back to the main thread on worker failure). */
  analyze(uri: string, text: string): Promise<PromptAnalysis> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { uri, text, resolve });
      try {
        this.start().postMessage({ id, uri, text });
      } catch {
        this.failAll();
      }
    });
  }

  /** Stops the worker; pending jobs finish inline. */
  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.failAll();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    // The worker must not keep the server alive after the client disconnects.
    worker.unref();
    worker.on('message', (message: { id: number; analysis: PromptAnalysis }) => {
      const job = this.pending.get(message.id);
      this.pending.delete(message.id);
      job?.resolve(message.analysis);
    });
    worker.on('error', () => this.onExit(worker));
    worker.on('exit', () => this.onExit(worker));
    this.worker = worker;
    return worker;
  }

  private onExit(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    this.failAll();
  }

  /** Analysis never throws, so a failed worker is a crash of the thread: redo its jobs inline. */
  private failAll(): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.resolve(analyzeDocument(job.uri, job.text));
  }
}
