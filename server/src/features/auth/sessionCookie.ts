/**
 * Where a session token travels: `Authorization: Bearer`, or NextAuth's session cookie (plain or
 * `__Secure-`, possibly split into `.0`, `.1`, ... chunks), or Auth.js v5's cookie.
 */
import { parse, serialize } from 'cookie';
import { AUTHJS_COOKIE_NAMES, SESSION_MAX_AGE_SECONDS } from './sessionToken.ts';

/** NextAuth v4's cookie names, secure first. */
export const NEXTAUTH_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;
const ALL_COOKIE_NAMES = [...NEXTAUTH_COOKIE_NAMES, ...AUTHJS_COOKIE_NAMES];

/** A token found on a request, and the cookie it came from (undefined for a bearer token). */
export interface FoundToken {
  token: string;
  cookieName?: string;
}

/** The minimal request surface we read (Node's IncomingMessage fits). */
export interface HeaderSource {
  headers: { authorization?: string | undefined; cookie?: string | undefined };
}

/** Finds the session token on a request; the bearer header wins over cookies. */
export function readSessionToken(req: HeaderSource): FoundToken | null {
  const auth = req.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match?.[1]) return { token: match[1] };
  }
  const header = req.headers.cookie;
  if (!header) return null;
  const cookies = parse(header);
  for (const name of ALL_COOKIE_NAMES) {
    const whole = cookies[name];
    if (whole) return { token: whole, cookieName: name };
    const chunks: string[] = [];
    for (let i = 0; cookies[`${name}.${i}`] !== undefined; i++) chunks.push(cookies[`${name}.${i}`] ?? '');
    if (chunks.length) return { token: chunks.join(''), cookieName: name };
  }
  return null;
}

/** The cookie name we set: `__Secure-` when the app's URL is https, as NextAuth does. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** Set-Cookie value for a new session (httpOnly, SameSite=Lax, path /, Secure on https). */
export function sessionCookie(token: string, expires: Date, secure: boolean): string {
  return serialize(sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    expires,
    maxAge: Math.max(0, Math.min(SESSION_MAX_AGE_SECONDS, Math.floor((expires.getTime() - Date.now()) / 1000))),
  });
}

/** Set-Cookie values that clear every session cookie (and chunk) the request carried, plus ours. */
export function clearSessionCookies(req: HeaderSource, secure: boolean): string[] {
  const present = req.headers.cookie ? Object.keys(parse(req.headers.cookie)) : [];
  const names = new Set([sessionCookieName(secure)]);
  for (const name of present) {
    if (ALL_COOKIE_NAMES.some((base) => name === base || name.startsWith(`${base}.`))) names.add(name);
  }
  return [...names].map((name) =>
    serialize(name, '', { httpOnly: true, sameSite: 'lax', path: '/', secure: secure || name.startsWith('__Secure-'), expires: new Date(0), maxAge: 0 }),
  );
}
