/**
 * OpenAPI metadata for REST procedures, shared by every feature: each is protected
 * and documents the error statuses it can answer, so the OpenAPI document lists them.
 */
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { RestMeta, SuccessStatus } from './restRoutes.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What each error status means on these routes (the body is always `{ error: { code, message } }`). */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`error.issues` lists what)',
  401: 'Sign in required (or an unknown or revoked API key)',
  403: 'Your role (or API key) does not allow this, or a workspace limit is reached',
  404: 'Not found, or not in a workspace you belong to',
  409: 'Conflict (duplicate, last admin, or a stale baseVersion)',
};

/**
 * Builds `.meta()` for a protected REST route; `errors` lists statuses besides 400/401/403 (every
 * protected route answers 403 to an API key whose scopes do not open it).
 */
export function restMeta(method: Method, path: `/${string}`, tag: string, summary: string, errors: number[], extra: Record<number, string> = {}): OpenApiMeta {
  const errorResponses: Record<number, string> = {};
  for (const status of [400, 401, 403, ...errors]) errorResponses[status] = extra[status] ?? ERROR_DESCRIPTIONS[status] ?? 'Error';
  return { openapi: { method, path, protect: true, tags: [tag], summary, errorResponses } };
}

/** Output of a delete. */
export const DELETED = { deleted: true as const };

/** `meta` with the statuses a success answers: the first by default, the others when the procedure sets `ctx.http.status`. */
export function withSuccess<T extends OpenApiMeta>(successStatuses: SuccessStatus[], meta: T): T & RestMeta {
  return { ...meta, successStatuses };
}
