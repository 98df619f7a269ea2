/**
 * Which client a request says it came from, for the label audit log's `via`: the editor, the web
 * app and the CLI send `x-promptstack-client: editor | web | cli`; anything else, or no header,
 * is a plain API call.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';

/** The request header naming the client. */
export const REQUEST_CLIENT_HEADER = 'x-promptstack-client';

const requestClientSchema = z.enum(['editor', 'web', 'cli', 'api']);

/** The client a request came from, as the label audit log records it. */
export type RequestClient = z.infer<typeof requestClientSchema>;

/** Reads the client from a request's headers: a known value of the header, else `'api'` (never trusted for access). */
export function requestClientFrom(headers: IncomingHttpHeaders): RequestClient {
  const raw = headers[REQUEST_CLIENT_HEADER];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
  // Most requests send no header: answered without a failed parse (zod builds an error for each).
  if (value === undefined) return 'api';
  const parsed = requestClientSchema.safeParse(value);
  return parsed.success ? parsed.data : 'api';
}
