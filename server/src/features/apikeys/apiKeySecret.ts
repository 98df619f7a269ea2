/**
 * The secret of an API key: `psk_` + 32 random bytes in base64url. Only its SHA-256 is stored;
 * the first characters (the prefix) are stored in clear so a presented key finds its row with an
 * index and a person can tell keys apart. High-entropy secrets need no slow hash: SHA-256 of 256
 * random bits cannot be brute-forced.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What every key starts with, so a bearer token is known to be a key without a lookup. */
export const API_KEY_MARK = 'psk_';
/** Random bytes in a secret. */
const SECRET_BYTES = 32;
/** Characters of the random part kept in the prefix (48 bits: a collision is rare, and handled). */
const PREFIX_CHARS = 8;
/** A whole secret: the mark and 43 base64url characters. */
const SECRET_PATTERN = /^psk_[A-Za-z0-9_-]{43}$/;

/** A new secret with what is stored of it. */
export interface NewApiKeySecret {
  key: string;
  prefix: string;
  hash: string;
}

/** Makes a new secret (shown once to its creator) and its stored prefix and hash. */
export function generateApiKeySecret(): NewApiKeySecret {
  const key = `${API_KEY_MARK}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix: apiKeyPrefix(key), hash: hashApiKey(key) };
}

/** True when `token` is shaped like an API key (it may still be unknown or revoked). */
export function isApiKeyToken(token: string): boolean {
  return token.startsWith(API_KEY_MARK);
}

/** True when `token` has exactly the shape of a secret this server makes. */
export function isWellFormedApiKey(token: string): boolean {
  return SECRET_PATTERN.test(token);
}

/** The stored, displayable start of a key, e.g. `psk_ab12cd34`. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_MARK.length + PREFIX_CHARS);
}

/** SHA-256 of the whole secret, base64url (what the ApiKey row stores). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** Compares a presented key's hash with a stored one in constant time. */
export function sameApiKeyHash(presentedHash: string, storedHash: string): boolean {
  const a = Buffer.from(presentedHash);
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What a per-key throttle counts a request under: the hash of the `Authorization: Bearer psk_...`
 * key (the secret itself is not kept), or undefined for a request without one.
 */
export function apiKeyThrottleKey(authorization: string | undefined): string | undefined {
  const match = authorization ? /^Bearer\s+(psk_\S+)\s*$/i.exec(authorization) : null;
  return match ? hashApiKey(match[1]!) : undefined;
}
