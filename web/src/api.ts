/**
 * The typed client of the backend's tRPC router, on the same origin: the session cookie the
 * server sets at sign-in is sent with every call. `AppRouter` is imported type-only, so no server
 * code reaches the browser bundle.
 */
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@promptstack/server/router';

export const api = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Streamed runs arrive as Server-Sent Events (EventSource sends the cookie on the same origin).
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      // `x-promptstack-client` tells the server a move was made in the web app (the label history shows it).
      false: httpLink({ url: '/trpc', headers: { 'x-promptstack-client': 'web' }, fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }) }),
    }),
  ],
});

/** The message to show for a failed call: the server's own words, or what to do when it is unreachable. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const issues = (error.data as { issues?: Array<{ path?: string; message: string }> } | undefined)?.issues;
    if (issues?.length) return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    if (error.message === 'Failed to fetch') return 'The PromptStack server cannot be reached. Check that it is running, then try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** True when the error is the server saying the caller is not signed in. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus === 401;
}
