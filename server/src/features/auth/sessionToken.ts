/**
 * Session tokens that NextAuth shares: NextAuth v4 JWE (`dir` + A256GCM, key = HKDF of
 * NEXTAUTH_SECRET) for the tokens we issue, and both v4 and Auth.js v5 (A256CBC-HS512, salted key)
 * accepted on decode. Adds the checks both libraries skip: `exp`, `sub`, `iat`, `jti` required
 * and a 30-day maximum age.
 */
import { hkdfSync, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

/** NextAuth's default session length (and our maximum token age). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Clock skew NextAuth tolerates. */
const CLOCK_TOLERANCE_SECONDS = 15;
/** Auth.js v5 salts its key with the cookie name; these are its two. */
export const AUTHJS_COOKIE_NAMES = ['authjs.session-token', '__Secure-authjs.session-token'] as const;

/** The claims of a valid session. */
export interface SessionClaims {
  sub: string;
  jti: string;
  /** Seconds since the epoch; may be fractional for tokens we issue. */
  iat: number;
  exp: number;
  name?: string | null;
  email?: string | null;
  picture?: string | null;
}

const v4Keys = new Map<string, Uint8Array>();

/** NextAuth v4's encryption key: HKDF-SHA256, empty salt, 32 bytes. */
export function nextAuthV4Key(secret: string): Uint8Array {
  let key = v4Keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32));
    v4Keys.set(secret, key);
  }
  return key;
}

/** Auth.js v5's encryption key for one cookie name (the salt): HKDF-SHA256, 64 bytes. */
export function authJsV5Key(secret: string, salt: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
}

/** Profile claims carried in the token, as NextAuth names them. */
export interface TokenProfile {
  sub: string;
  name?: string | null;
  email?: string | null;
  picture?: string | null;
}

/**
 * Issues a NextAuth v4 session token. `issuedAtMs` defaults to now; it is kept to the millisecond
 * (a fractional `iat`) so a token issued right after "end all sessions" is not ended with them.
 */
export async function encodeSessionToken(
  secret: string,
  profile: TokenProfile,
  options: { issuedAtMs?: number; maxAgeSeconds?: number } = {},
): Promise<{ token: string; claims: SessionClaims }> {
  const iat = (options.issuedAtMs ?? Date.now()) / 1000;
  const exp = Math.floor(iat) + (options.maxAgeSeconds ?? SESSION_MAX_AGE_SECONDS);
  const jti = randomUUID();
  const token = await new EncryptJWT({ name: profile.name ?? null, email: profile.email ?? null, picture: profile.picture ?? null, sub: profile.sub })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .encrypt(nextAuthV4Key(secret));
  return { token, claims: { ...profile, iat, exp, jti } };
}

/**
 * Decodes a v4 or v5 session token; returns null for anything invalid (wrong key, tampered,
 * unencrypted, expired, older than 30 days, or missing exp/sub/iat/jti). `cookieName` picks the
 * v5 salt when the token came from an Auth.js cookie.
 */
export async function decodeSessionToken(secret: string, token: string, cookieName?: string): Promise<SessionClaims | null> {
  let enc: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'dir') return null;
    enc = header.enc;
  } catch {
    return null;
  }
  const candidates: Array<{ key: Uint8Array; enc: string }> = [];
  if (enc === 'A256GCM') candidates.push({ key: nextAuthV4Key(secret), enc });
  else if (enc === 'A256CBC-HS512') {
    const salts = cookieName && (AUTHJS_COOKIE_NAMES as readonly string[]).includes(cookieName) ? [cookieName] : AUTHJS_COOKIE_NAMES;
    for (const salt of salts) candidates.push({ key: authJsV5Key(secret, salt), enc });
  }
  for (const candidate of candidates) {
    const payload = await tryDecrypt(token, candidate.key, candidate.enc);
    if (payload) return toClaims(payload);
  }
  return null;
}

async function tryDecrypt(token: string, key: Uint8Array, enc: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtDecrypt(token, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: [enc],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub', 'iat', 'jti'],
      maxTokenAge: SESSION_MAX_AGE_SECONDS + CLOCK_TOLERANCE_SECONDS,
    });
    return payload;
  } catch {
    return null;
  }
}

function toClaims(payload: JWTPayload): SessionClaims | null {
  const { sub, jti, iat, exp } = payload;
  if (typeof sub !== 'string' || !sub || typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return { sub, jti, iat, exp, name: str(payload.name), email: str(payload.email), picture: str(payload.picture) };
}
