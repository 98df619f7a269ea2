/**
 * Opaque cursors of the newest-first lists of this feature: the audit log pages by its entry
 * order (`seq`), label requests by (createdAt, id). A cursor that does not decode is a 400.
 */
import { TRPCError } from '@trpc/server';

function badCursor(): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message: 'cursor is not one this list returned' });
}

/** The cursor after an audit entry. */
export function encodeSeqCursor(seq: bigint): string {
  return seq.toString();
}

/** The audit entry order a cursor names; 400 when it is not one. */
export function decodeSeqCursor(cursor: string): bigint {
  if (!/^\d{1,19}$/.test(cursor)) throw badCursor();
  return BigInt(cursor);
}

/** The cursor after a row ordered by (createdAt, id). */
export function encodeTimeIdCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

/** The (createdAt, id) a cursor names; 400 when it is not one. */
export function decodeTimeIdCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw badCursor();
  return { createdAt, id };
}
