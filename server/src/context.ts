/** The per-request context every tRPC procedure receives, on both doors (REST and /trpc). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from './db/client.ts';
import type { Env } from './env.ts';
import { readSessionToken, type FoundToken } from './features/auth/sessionCookie.ts';
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

/** The request context. `session` is null when no valid token came with the request. */
export interface Context {
  env: Env;
  db: Database;
  prisma: PrismaClient;
  logger: Logger;
  session: Session | null;
  /** The token as found on the request (even if invalid), for sign-out. */
  token: FoundToken | null;
  /** Request headers, for cookie clearing. */
  headers: IncomingMessage['headers'];
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
    const session = await resolveSession(deps.db.prisma, deps.env.nextAuthSecret, token);
    return {
      ...deps,
      prisma: deps.db.prisma,
      session,
      token,
      headers: req.headers,
      memo: new Map(),
      http: {
        setHeader: (name, value) => res.setHeader(name, value),
        appendHeader: (name, value) => res.appendHeader(name, value),
      },
    };
  };
}

/** A context for `createCaller` in tests or scripts: no HTTP, headers are collected. */
export function callerContext(deps: AppDeps, session: Session | null = null): Context & { sentHeaders: Record<string, string[]> } {
  const sentHeaders: Record<string, string[]> = {};
  const add = (name: string, value: string | string[]) => {
    (sentHeaders[name.toLowerCase()] ??= []).push(...(Array.isArray(value) ? value : [value]));
  };
  return {
    ...deps,
    prisma: deps.db.prisma,
    session,
    token: session ? { token: session.token } : null,
    headers: {},
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
