/**
 * Worker-thread entry (bundled as dist/analysisWorker.js). Large documents are analysed here so
 * the server's main thread keeps answering requests on other documents meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from './analyzeDocument.ts';

/** A job the main thread posts: analyse `text` of `uri`, answer with the same `id`. */
export interface AnalysisJob {
  id: number;
  uri: string;
  text: string;
}

parentPort?.on('message', (job: AnalysisJob) => {
  parentPort?.postMessage({ id: job.id, analysis: analyzeDocument(job.uri, job.text) });
});
