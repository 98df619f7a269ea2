/**
 * `POST /api/prompts/{id}/test/stream`: the REST door to a streamed run, as Server-Sent Events
 * (the REST adapter answers JSON only, so this is a plain Express route). It calls the very same
 * `runs.stream` procedure through a caller, so auth, permissions, the spend limit and input
 * checks are identical: those failures answer JSON with their status before any event. Then:
 * `event: token` `{"text":...}` per chunk, and `event: done` with the recorded run (or
 * `event: error` `{"code","message"}`). A client that disconnects cancels the provider call and
 * the run is recorded as cancelled.
 */
import { TRPCError } from '@trpc/server';
import { Router, type Request, type Response } from 'express';
import { contextFactory, type AppDeps } from '../../context.ts';
import { createCallerFactory, INTERNAL_MESSAGE } from '../../trpc.ts';
import { trpcErrorAnswer } from '../../http/errors.ts';
import { runsRouter } from './runsRouter.ts';

const createCaller = createCallerFactory(runsRouter);

function toTRPCError(error: unknown): TRPCError {
  return error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
}

/** The message a caller may see: zod's summary for bad input, nothing internal. */
function publicMessage(error: TRPCError): string {
  if (error.code === 'INTERNAL_SERVER_ERROR') return INTERNAL_MESSAGE;
  if (error.code === 'BAD_REQUEST' && error.cause && 'issues' in error.cause) return 'Input validation failed';
  return error.message;
}

function sendEvent(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

async function handle(deps: AppDeps, req: Request, res: Response): Promise<void> {
  const gone = new AbortController();
  // 'close' on the response fires when the client goes away (or after we end it).
  res.on('close', () => gone.abort());
  const ctx = await contextFactory(deps)({ req, res });
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  let iterator: AsyncIterator<unknown>;
  let first: IteratorResult<unknown>;
  try {
    const events = await createCaller(ctx, { signal: gone.signal }).stream({ ...body, id: req.params.id } as never);
    iterator = (events as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    first = await iterator.next();
  } catch (caught) {
    const error = toTRPCError(caught);
    const answer = trpcErrorAnswer(error, body);
    if (answer.status >= 500) deps.logger.error({ err: error.cause ?? error }, 'run stream failed');
    res.status(answer.status).json(answer.body);
    return;
  }
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache, no-transform');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  try {
    for (let step = first; !step.done; step = await iterator.next()) {
      const event = step.value as { type: 'token'; text: string } | { type: 'done'; run: unknown };
      if (event.type === 'token') sendEvent(res, 'token', { text: event.text });
      else sendEvent(res, 'done', event.run);
    }
  } catch (caught) {
    const error = toTRPCError(caught);
    deps.logger.error({ err: error.cause ?? error }, 'run stream failed');
    sendEvent(res, 'error', { code: error.code, message: publicMessage(error) });
  } finally {
    // Client gone mid-run: ending the iterator cancels the call and waits for the record.
    if (gone.signal.aborted) await iterator.return?.();
    res.end();
  }
}

/** Express routes for streamed runs; mount under `/api` before the REST middleware. */
export function runStreamRoutes(deps: AppDeps): Router {
  const routes = Router();
  routes.post('/prompts/:id/test/stream', (req, res, next) => {
    handle(deps, req, res).catch(next);
  });
  return routes;
}
