/**
 * Prompts kept in memory per (project, name, label or version). After the first fetch a
 * `getPrompt` is a map lookup answering the same resolved promise; once the TTL has passed the
 * entry is revalidated in the background with `If-None-Match`, and the stale copy is served
 * meanwhile. A prompt it has had once is never taken away: failures go to `onError`.
 */
import { PromptStackError, describeError } from './errors.ts';
import { readFallbackPrompt } from './fallbackPrompt.ts';
import { request, type HttpClient } from './http.ts';
import { Prompt, type ServedPrompt } from './prompt.ts';
import { isServedSplit, PromptSplit, signatureOf } from './promptSplit.ts';

/** Which prompt to serve. */
export interface GetPromptOptions {
  /** The label to serve (default `production`); ignored when `version` is given. */
  label?: string;
  /** An exact version number instead of a label. */
  version?: number;
  /** The project, for a workspace-wide API key (a project key serves its own project). */
  projectId?: string;
  /** A `.prompt` file served when the first fetch fails (server down, slow or refusing). */
  fallback?: string;
  /**
   * For a label split by a live experiment: the end user's value of the experiment's `stickyBy`
   * attribute (e.g. their user id). The same key always gets the same arm; without one, each call
   * draws an arm by weight.
   */
  unitKey?: string;
}

/** What the cache keeps per prompt: one version, or a split label's arms. */
type Served = Prompt | PromptSplit;

interface Entry {
  /** The promise every cached call returns for a single version (resolved with `served`). */
  answer: Promise<Prompt> | undefined;
  served: Served | undefined;
  etag: string | undefined;
  /** When to revalidate (ms since epoch). */
  staleAt: number;
  /** The fetch in progress, so concurrent callers share it. */
  pending: Promise<Served> | undefined;
}

/** After a failed fetch, a stale or fallback copy is served this long before the server is asked again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

export class PromptCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: HttpClient,
    private readonly ttlMs: number,
    private readonly onError: (error: PromptStackError) => void,
  ) {}

  /** The prompt, from memory when it can be; see the class comment for when it fetches. */
  get(name: string, options: GetPromptOptions = {}): Promise<Prompt> {
    const key = cacheKey(name, options);
    const entry = this.entries.get(key);
    if (entry?.served) {
      if (Date.now() >= entry.staleAt && !entry.pending) this.revalidate(entry, name, options);
      return entry.served instanceof PromptSplit ? entry.served.answer(options.unitKey) : entry.answer!;
    }
    if (entry?.pending) return entry.pending.then((served) => pick(served, options.unitKey));
    const created: Entry = { answer: undefined, served: undefined, etag: undefined, staleAt: 0, pending: undefined };
    this.entries.set(key, created);
    const first = this.fetchFirst(key, created, name, options);
    created.pending = first;
    return first.then((served) => pick(served, options.unitKey));
  }

  /** Forgets every cached prompt (the next `getPrompt` fetches again). */
  clear(): void {
    this.entries.clear();
  }

  private async fetchFirst(key: string, entry: Entry, name: string, options: GetPromptOptions): Promise<Served> {
    try {
      const outcome = await this.fetch(entry, name, options);
      if (!(outcome instanceof PromptStackError)) return this.keep(entry, outcome);
      if (options.fallback === undefined) throw outcome;
      this.onError(outcome);
      const fallback = await readFallbackPrompt(options.fallback, name, options.version === undefined ? (options.label ?? 'production') : null);
      // Served until the server answers; asked again soon, not after a whole TTL.
      entry.etag = undefined;
      return this.keep(entry, fallback, Date.now() + Math.min(this.ttlMs, RETRY_AFTER_FAILURE_MS));
    } catch (error) {
      this.entries.delete(key);
      throw error;
    } finally {
      entry.pending = undefined;
    }
  }

  /** Refreshes a served entry in the background; callers keep getting the stale copy meanwhile. */
  private revalidate(entry: Entry, name: string, options: GetPromptOptions): void {
    const refreshed = this.fetch(entry, name, options).then(
      (outcome) => {
        if (!(outcome instanceof PromptStackError)) return this.keep(entry, outcome);
        this.onError(outcome);
        entry.staleAt = Date.now() + Math.min(this.ttlMs, RETRY_AFTER_FAILURE_MS);
        return entry.served!;
      },
      (error: unknown) => {
        this.onError(new PromptStackError(`Cannot revalidate prompt '${name}': ${describeError(error)}`, { cause: error }));
        entry.staleAt = Date.now() + Math.min(this.ttlMs, RETRY_AFTER_FAILURE_MS);
        return entry.served!;
      },
    );
    entry.pending = refreshed;
    void refreshed.finally(() => {
      if (entry.pending === refreshed) entry.pending = undefined;
    });
  }

  /** Makes `served` the served one until `staleAt` (a new answer promise only when the object changed). */
  private keep(entry: Entry, served: Served, staleAt = Date.now() + this.ttlMs): Served {
    entry.staleAt = staleAt;
    if (entry.served !== served) {
      entry.served = served;
      entry.answer = served instanceof Prompt ? Promise.resolve(served) : undefined;
    }
    return served;
  }

  /** Asks the server; answers the prompt (the cached one on 304) or the error explaining why not. */
  private async fetch(entry: Entry, name: string, options: GetPromptOptions): Promise<Served | PromptStackError> {
    const query = new URLSearchParams();
    if (options.version !== undefined) query.set('version', String(options.version));
    else query.set('label', options.label ?? 'production');
    if (options.projectId !== undefined) query.set('projectId', options.projectId);
    const headers: Record<string, string> = {};
    const revalidating = entry.etag !== undefined && (entry.served instanceof PromptSplit || entry.served?.origin === 'server');
    if (revalidating) headers['if-none-match'] = entry.etag!;
    const path = `/api/v1/prompts/${encodeURIComponent(name)}?${query}`;
    let outcome = await request(this.client, 'GET', path, { headers });
    // A connection that failed at once (a pooled keep-alive socket the server had just closed) is
    // tried once more; a timeout is not, so a slow server costs one timeoutMs, never two.
    if (outcome.kind === 'retryable' && outcome.status === undefined && !outcome.timedOut) outcome = await request(this.client, 'GET', path, { headers });
    if (outcome.kind !== 'ok') {
      return new PromptStackError(`Cannot fetch prompt '${name}': ${outcome.message}`, outcome.status === undefined ? {} : { status: outcome.status });
    }
    const { response } = outcome;
    if (response.status === 304 && revalidating) return entry.served!;
    try {
      const answer: unknown = await response.json();
      entry.etag = response.headers.get('etag') ?? undefined;
      const current = entry.served;
      if (isServedSplit(answer)) {
        // Same experiment, arms and content: keep the split (and its arm objects) callers already hold.
        if (current instanceof PromptSplit && current.signature === signatureOf(answer)) return current;
        return new PromptSplit(answer);
      }
      const served = answer as ServedPrompt;
      // Same version and content: keep handing out the object callers already hold.
      if (current instanceof Prompt && current.origin === 'server' && current.version === served.version && current.contentHash === served.contentHash)
        return current;
      return new Prompt(served);
    } catch (error) {
      return new PromptStackError(`Cannot read prompt '${name}' from the server: ${describeError(error)}`, { cause: error });
    }
  }
}

/** The prompt to hand out: the version itself, or the split's arm for `unitKey`. */
function pick(served: Served, unitKey: string | undefined): Prompt {
  return served instanceof PromptSplit ? served.pick(unitKey) : served;
}

function cacheKey(name: string, options: GetPromptOptions): string {
  const selector = options.version === undefined ? `l:${options.label ?? 'production'}` : `v:${options.version}`;
  return options.projectId === undefined ? `${name}\u0000${selector}` : `${name}\u0000${selector}\u0000${options.projectId}`;
}
