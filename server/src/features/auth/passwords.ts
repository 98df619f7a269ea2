/**
 * Password hashing with native bcrypt (cost 12): its async API runs in libuv's thread pool, so a
 * login never blocks the event loop. bcrypt reads only 72 bytes, so longer passwords are refused
 * rather than silently truncated.
 */
import bcrypt from 'bcrypt';
import { z } from 'zod';

/** bcrypt work factor (OWASP: >= 10). */
export const BCRYPT_COST = 12;
/** bcrypt ignores bytes beyond this. */
export const MAX_PASSWORD_BYTES = 72;
/** Shortest password accepted at sign-up or change. */
export const MIN_PASSWORD_LENGTH = 8;

/** A password as typed at sign-in: any length bcrypt can check. */
export const passwordInput = z
  .string()
  .min(1, 'Password is required')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_PASSWORD_BYTES, `Password must be at most ${MAX_PASSWORD_BYTES} bytes`);

/** A new password: at least 8 characters and at most 72 bytes. */
export const newPasswordInput = passwordInput.refine(
  (p) => [...p].length >= MIN_PASSWORD_LENGTH,
  `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
);

/** Hashes a password (about 200 ms, off the event loop). */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

let dummyHash: Promise<string> | undefined;

/** A real cost-12 hash of a random string, compared against when the email is unknown. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= bcrypt.hash(`no-such-user-${Math.random()}`, BCRYPT_COST);
  return dummyHash;
}

/**
 * Checks `password` against `hash`, or against the dummy hash when there is no user, so an unknown
 * email costs the same time as a wrong password.
 */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, await dummyPasswordHash());
    return false;
  }
  return bcrypt.compare(password, hash);
}
