/**
 * The bounded queue that carries generations and scores to the server. Logging only appends
 * (never awaits, never throws); delivery happens in batches, by count and on a timer, one request
 * at a time and in order (a score never overtakes the generation it scores). Retryable failures
 * (network, timeout, 429, 5xx) keep the batch at the head and wait with exponential backoff and
 * jitter, at least the server's `Retry-After`; each generation carries its client-made id, so a
 * batch retried after the server had stored it counts as duplicates, never twice.
 *
 * When the queue is full the NEWEST item is dropped (the one being logged) and counted: what is
 * already queued keeps its place and order, and the item in flight is never disturbed.
 */
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { PromptStackError } from './errors.ts';
import { request, type HttpClient } from './http.ts';
import type { IngestAnswer, ScoreItem } from './wire.ts';

/** Counters of what the queue did, for dashboards and tests. */
export interface DeliveryStats {
  /** Items waiting (or in flight) now. */
  queued: number;
  /** Generations the server accepted, and scores it recorded. */
  sent: number;
  /** Generations the server already had (a retried batch it had stored). */
  duplicates: number;
  /** Items the server refused (bad item, unknown prompt or generation): not retried. */
  rejected: number;
  /** Items dropped because the queue was full, or still undelivered when the process exited. */
  dropped: number;
  /** Delivery attempts that failed and were retried. */
  retries: number;
}

/** A generation is kept as its JSON text: a snapshot (later changes by the caller do not leak in) that batches join as they are. */
export type QueueItem = { kind: 'generation'; id: string; json: string } | { kind: 'score'; body: ScoreItem };

/** How the queue behaves. */
export interface DeliveryOptions {
  /** Sent with each batch: where the server looks up prompt names (for a workspace-wide key). */
  projectId?: string | undefined;
  maxQueue: number;
  maxBatch: number;
  flushIntervalMs: number;
  /** How long `flush()` keeps retrying before it gives up (items stay queued). */
  flushTimeoutMs: number;
  backoff: BackoffPolicy;
  onError: (error: PromptStackError) => void;
}

/** The server takes at most this many generations per request. */
export const SERVER_MAX_BATCH = 1000;

export class DeliveryQueue {
  readonly stats: DeliveryStats = { queued: 0, sent: 0, duplicates: 0, rejected: 0, dropped: 0, retries: 0 };
  private items: QueueItem[] = [];
  private pumping: Promise<void> | undefined;
  /** No request before this time (ms since epoch): the backoff after a failure. */
  private retryAt = 0;
  /** Consecutive failed attempts (0 after a delivery). */
  private failures = 0;
  /** Lowered after a 413 so the next batches fit the server's body limit. */
  private batchLimit: number;
  private dropping = false;
  private readonly interval: NodeJS.Timeout;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly client: HttpClient,
    private readonly options: DeliveryOptions,
  ) {
    this.batchLimit = Math.max(1, Math.min(options.maxBatch, SERVER_MAX_BATCH));
    this.interval = setInterval(() => void this.pump(), options.flushIntervalMs);
    this.interval.unref();
  }

  /** Appends an item, or drops it (counted) when the queue is full. Never throws. */
  enqueue(item: QueueItem): void {
    if (this.items.length >= this.options.maxQueue) {
      this.stats.dropped++;
      if (!this.dropping) {
        this.dropping = true;
        this.options.onError(
          new PromptStackError(`The log queue is full (${this.options.maxQueue} items): dropping new items until it drains (stats.dropped counts them)`),
        );
      }
      return;
    }
    this.dropping = false;
    this.items.push(item);
    this.stats.queued = this.items.length;
    if (this.items.length >= this.batchLimit && !this.closed) void this.pump();
  }

  /**
   * Delivers everything queued, retrying with backoff for at most `timeoutMs`; resolves (never
   * rejects) when the queue is empty or the time is up, reporting what is left to `onError`.
   */
  async flush(timeoutMs = this.options.flushTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.pump();
      if (this.items.length === 0) return;
      const now = Date.now();
      if (now >= deadline) break;
      // A kept (ref'd) timer: a flush at exit must hold the process open through its backoff.
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(this.retryAt, deadline) - now)));
    }
    this.options.onError(new PromptStackError(`flush: ${this.items.length} item(s) still undelivered after ${timeoutMs} ms; they stay queued`));
  }

  /** Stops the timer, then flushes. */
  async close(timeoutMs?: number): Promise<void> {
    this.closed = true;
    clearInterval(this.interval);
    await this.flush(timeoutMs);
    clearTimeout(this.retryTimer);
  }

  /** Items still undelivered, counted as dropped (at process exit). */
  abandon(): number {
    const left = this.items.length;
    this.stats.dropped += left;
    this.items = [];
    this.stats.queued = 0;
    return left;
  }

  /** Sends batches until the queue is empty or a failure asks to wait; one pump at a time. */
  private pump(): Promise<void> {
    this.pumping ??= this.drain()
      .catch((error: unknown) =>
        this.options.onError(new PromptStackError(`Delivery failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })),
      )
      .finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  private async drain(): Promise<void> {
    while (this.items.length > 0 && Date.now() >= this.retryAt) {
      const head = this.items[0]!;
      const batch = head.kind === 'score' ? [head] : this.generationBatch();
      const delivered =
        head.kind === 'score' ? await this.sendScore(head.body) : await this.sendGenerations(batch as Extract<QueueItem, { kind: 'generation' }>[]);
      // Not delivered: wait out the backoff, or (after a 413 lowered the batch size) go again now.
      if (!delivered) {
        if (this.retryAt > Date.now()) return;
        continue;
      }
      this.items.splice(0, batch.length);
      this.stats.queued = this.items.length;
    }
  }

  /** The run of generations at the head, up to the batch limit. */
  private generationBatch(): QueueItem[] {
    let end = 0;
    while (end < this.items.length && end < this.batchLimit && this.items[end]!.kind === 'generation') end++;
    return this.items.slice(0, end);
  }

  /** True when the batch is done with (stored or refused), false when it must be retried. */
  private async sendGenerations(generations: Extract<QueueItem, { kind: 'generation' }>[]): Promise<boolean> {
    const project = this.options.projectId === undefined ? '' : `"projectId":${JSON.stringify(this.options.projectId)},`;
    const json = `{${project}"generations":[${generations.map((item) => item.json).join(',')}]}`;
    const outcome = await request(this.client, 'POST', '/api/v1/generations', { json });
    if (outcome.kind === 'retryable') return this.failed(outcome.message, generations.length, outcome.retryAfterMs);
    if (outcome.kind === 'refused') {
      if (outcome.status === 413 && generations.length > 1) {
        this.batchLimit = Math.ceil(generations.length / 2);
        return false;
      }
      this.stats.rejected += generations.length;
      this.options.onError(new PromptStackError(`The server refused ${generations.length} generation(s): ${outcome.message}`, { status: outcome.status }));
      return true;
    }
    this.succeeded();
    let answer: IngestAnswer;
    try {
      answer = (await outcome.response.json()) as IngestAnswer;
    } catch {
      // Stored (the server said 2xx) but the answer was unreadable: count the batch as sent.
      this.stats.sent += generations.length;
      return true;
    }
    this.stats.sent += answer.accepted;
    this.stats.duplicates += answer.duplicates;
    if (answer.rejected.length > 0) {
      this.stats.rejected += answer.rejected.length;
      const reasons = answer.rejected.slice(0, 3).map((item) => `${item.id ?? `#${item.index}`}: ${item.error}`);
      this.options.onError(new PromptStackError(`The server rejected ${answer.rejected.length} generation(s): ${reasons.join('; ')}`));
    }
    return true;
  }

  private async sendScore(score: ScoreItem): Promise<boolean> {
    const outcome = await request(this.client, 'POST', '/api/v1/scores', { body: score });
    if (outcome.kind === 'retryable') return this.failed(outcome.message, 1, outcome.retryAfterMs);
    if (outcome.kind === 'refused') {
      this.stats.rejected++;
      this.options.onError(
        new PromptStackError(`The server refused score '${score.name}' of generation ${score.generationId}: ${outcome.message}`, { status: outcome.status }),
      );
      return true;
    }
    await outcome.response.body?.cancel().catch(() => undefined);
    this.succeeded();
    this.stats.sent++;
    return true;
  }

  private succeeded(): void {
    this.failures = 0;
    this.retryAt = 0;
  }

  /** Schedules the retry of the head batch; always false (not delivered). */
  private failed(message: string, count: number, retryAfterMs: number | undefined): false {
    this.failures++;
    this.stats.retries++;
    const delay = backoffDelay(this.options.backoff, this.failures, retryAfterMs);
    this.retryAt = Date.now() + delay;
    this.options.onError(new PromptStackError(`Cannot deliver ${count} item(s), retrying in ${Math.round(delay)} ms: ${message}`));
    clearTimeout(this.retryTimer);
    if (!this.closed) {
      this.retryTimer = setTimeout(() => void this.pump(), delay);
      this.retryTimer.unref();
    }
    return false;
  }
}
