/**
 * A run as an async stream of events: `token` for each piece of text as the provider sends it,
 * then `done` with the recorded run and the messages sent. The run itself is not tied to the consumer: when the
 * consumer stops early (client gone), the signal cancels the provider call and the run is still
 * recorded, as cancelled.
 */
import { executeRun, type ExecutedRun, type RunDeps, type RunRequest } from './runService.ts';
import type { RunStreamEvent } from './runSchemas.ts';
import type { RunTarget } from './runTarget.ts';

/** Streams one run. `signal` aborting (or the consumer returning) cancels the provider call. */
export async function* streamRun(
  deps: RunDeps,
  target: RunTarget,
  request: Omit<RunRequest, 'onToken' | 'signal'>,
  signal?: AbortSignal,
): AsyncGenerator<RunStreamEvent> {
  const cancel = new AbortController();
  const onAbort = () => cancel.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) cancel.abort();

  const pending: string[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  let finished: { run: ExecutedRun } | { error: unknown } | undefined;
  const recorded = executeRun(deps, target, {
    ...request,
    signal: cancel.signal,
    onToken: (text) => {
      pending.push(text);
      notify();
    },
  }).then(
    (run) => {
      finished = { run };
      notify();
    },
    (error: unknown) => {
      finished = { error };
      notify();
    },
  );

  try {
    for (;;) {
      while (pending.length > 0) yield { type: 'token', text: pending.shift()! };
      if (finished) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if ('error' in finished) throw finished.error;
    yield { type: 'done', run: finished.run };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Consumer gone before the end: stop the provider call; the run is recorded as cancelled.
    if (!finished) cancel.abort();
    await recorded;
  }
}
