/**
 * A tRPC client for the backend's subscriptions (`runs.stream`), over SSE with
 * `httpSubscriptionLink`. The extension host has no global `EventSource`, so the `eventsource`
 * package (the one the server's own streaming tests use) supplies it, with the session token
 * sent as a header through its `fetch` option (EventSource itself cannot set headers).
 * Kept beside the runs rather than in src/team/api/client.ts: only runs stream, and the batch client
 * there stays free of the SSE dependency.
 */
import { createTRPCClient, httpSubscriptionLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@promptstack/server/router';
import { EventSource } from 'eventsource';

/** A client whose only use is `runs.stream.subscribe`. */
export type StreamClient = TRPCClient<AppRouter>;

/** Creates a subscription client for `backendUrl`, authenticating each stream with `token()`. */
export function createStreamClient(backendUrl: string, token: () => string | undefined): StreamClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${backendUrl}/trpc`,
        EventSource,
        eventSourceOptions: () => ({
          fetch: (input, init) => {
            const bearer = token();
            return fetch(input, { ...init, headers: { ...init?.headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
          },
        }),
      }),
    ],
  });
}
