/** The per-request context every tRPC procedure receives, on both doors (REST and /trpc). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from './db/client.ts';
import type { Env } from './env.ts';
import type { ApiKeyPrincipal } from './features/apikeys/apiKeyPrincipal.ts';
import { resolveApiKey } from './features/apikeys/apiKeyResolver.ts';
import { isApiKeyToken } from './features/apikeys/apiKeySecret.ts';
import { readSessionToken, type FoundToken } from './features/auth/sessionCookie.ts';
import { requestClientFrom, type RequestClient } from './features/governance/requestClient.ts';
import { resolveSession, type Session } from './features/auth/sessionResolver.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

/** What the app is built from; `createApp` and `createContext` take the same bag. */
export interface AppDeps {
  env: Env;
  db: Database;
  logger: Logger;
}

/** Lets a procedure shape its HTTP answer (cookies, cache headers, 201) without knowing the door. */
export interface HttpResponseControl {
  /** Status for a successful REST answer (the /trpc door always answers 200). */
  status?: number;
  setHeader(name: string, value: string | string[]): void;
  appendHeader(name: string, value: string | string[]): void;
}

/**
 * The request context. `session` is null when no valid session token came with the request;
 * `apiKey` is the caller when an `Authorization: Bearer psk_...` key did (never both).
 */
export interface Context {
  env: Env;
  db: Database;
  prisma: PrismaClient;
  logger: Logger;
  session: Session | null;
  /** The API key the request authenticated with, when known and unrevoked. */
  apiKey: ApiKeyPrincipal | null;
  /** The token as found on the request (even if invalid), for sign-out and for telling a bad key from no sign-in. */
  token: FoundToken | null;
  /** Request headers, for cookie clearing. */
  headers: IncomingMessage['headers'];
  /** The client the request says it came from (`x-promptstack-client`), recorded as the `via` of label moves. */
  client: RequestClient;
  http: HttpResponseControl;
  /**
   * Reads made once per request and shared by name (e.g. an access check that already read the
   * row the procedure returns). Lives and dies with the request, so it never serves stale data
   * across requests; a write must not reuse a read memoised before it.
   */
  memo: Map<string, Promise<unknown>>;
}

/** Builds `createContext` for tRPC's express adapter and the REST adapter (http/restAdapter.ts). */
export function contextFactory(deps: AppDeps) {
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
    const token = readSessionToken(req);
    const { session, apiKey } = await resolveCaller(deps, token);
    return {
      ...deps,
      prisma: deps.db.prisma,
      session,
      apiKey,
      token,
      headers: req.headers,
      client: requestClientFrom(req.headers),
      memo: new Map(),
      http: {
        setHeader: (name, value) => res.setHeader(name, value),
        appendHeader: (name, value) => res.appendHeader(name, value),
      },
    };
  };
}

/** True when the request's token is a bearer shaped like an API key (`psk_...`). */
export function isApiKeyBearer(token: FoundToken | null): token is FoundToken {
  return !!token && token.cookieName === undefined && isApiKeyToken(token.token);
}

/** Resolves the request's token, once: an API key bearer to its key, anything else to a session. */
async function resolveCaller(deps: AppDeps, token: FoundToken | null): Promise<{ session: Session | null; apiKey: ApiKeyPrincipal | null }> {
  if (isApiKeyBearer(token)) {
    const apiKey = await resolveApiKey(deps.db.prisma, token.token, (err) => deps.logger.warn({ err }, 'could not record an API key use'));
    return { session: null, apiKey };
  }
  return { session: await resolveSession(deps.db.prisma, deps.env.nextAuthSecret, token), apiKey: null };
}

/**
 * A context for `createCaller` in tests or scripts: no HTTP, headers are collected. The caller is
 * a session, an API key, or nobody.
 */
export function callerContext(
  deps: AppDeps,
  session: Session | null = null,
  apiKey: ApiKeyPrincipal | null = null,
): Context & { sentHeaders: Record<string, string[]> } {
  const sentHeaders: Record<string, string[]> = {};
  const add = (name: string, value: string | string[]) => {
    (sentHeaders[name.toLowerCase()] ??= []).push(...(Array.isArray(value) ? value : [value]));
  };
  return {
    ...deps,
    prisma: deps.db.prisma,
    session,
    apiKey,
    token: session ? { token: session.token } : null,
    headers: {},
    client: 'api',
    memo: new Map(),
    sentHeaders,
    http: {
      setHeader: (name, value) => {
        sentHeaders[name.toLowerCase()] = [];
        add(name, value);
      },
      appendHeader: add,
    },
  };
}
