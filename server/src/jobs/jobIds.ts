/**
 * Stable job ids. pg-boss inserts jobs with ON CONFLICT DO NOTHING on their id, so a job whose id
 * is derived from what it does is never queued twice, however often it is sent (a start-up re-send,
 * a sweep racing the request that queued it).
 */
import { createHash } from 'node:crypto';

/** The SHA-256 of `key` shaped as a version-8 (custom) UUID, the id format pg-boss requires. */
export function stableJobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
