/**
 * tRPC batches (`/trpc/a,b,c?batch=1`): what a request calls, and the guard that refuses a batch
 * that is too big or that carries a credential check. It runs before the throttles, so a refused
 * batch costs no throttle budget and no procedure runs.
 */
import type { Request, RequestHandler } from 'express';
import { errorBody } from './errors.ts';

/** The most calls one tRPC batch may carry; the extension's batch link sends at most this many. */
export const MAX_TRPC_BATCH = 10;

/**
 * Procedures that check a password or create an account. Each must be the only call of its
 * request, so every guess is one request the throttles see and answer on its own.
 */
export const SOLO_PROCEDURES = ['auth.signin', 'auth.signup', 'auth.changePassword'] as const;

/** The solo procedures by lower-cased name (request paths are compared lower-cased). */
const soloByLowerName = new Map<string, string>(SOLO_PROCEDURES.map((name) => [name.toLowerCase(), name]));

/** The procedures a /trpc request calls, lower-cased, one per batch slot; null outside /trpc. */
export function trpcCalls(req: Request): string[] | null {
  const match = /^\/trpc(\/.*)?$/i.exec(req.path);
  if (!match) return null;
  // The adapter reads the last path segment and URL-decodes it, so read it the same way.
  const segment = (match[1] ?? '').replace(/\/+$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment.slice(segment.lastIndexOf('/') + 1));
  } catch {
    decoded = segment;
  }
  const names = decoded.toLowerCase();
  return isBatch(req) ? names.split(',') : [names];
}

/** True for a tRPC batch request (the adapter's own test). */
export function isBatch(req: Request): boolean {
  return new URL(req.originalUrl, 'http://localhost').searchParams.get('batch') === '1';
}

/** Refuses oversized batches (413) and batches of more than one call that name a solo procedure (400). */
export const trpcBatchGuard: RequestHandler = (req, res, next) => {
  const calls = trpcCalls(req);
  if (!calls || !isBatch(req)) return next();
  if (calls.length > MAX_TRPC_BATCH) {
    res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', `A tRPC batch may hold at most ${MAX_TRPC_BATCH} calls; this one holds ${calls.length}: split it`));
    return;
  }
  const solo = calls.map((name) => soloByLowerName.get(name)).find(Boolean);
  if (solo && calls.length > 1) {
    res.status(400).json(errorBody('BAD_REQUEST', `${solo} cannot be batched: call it alone`));
    return;
  }
  next();
};
