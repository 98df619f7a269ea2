/**
 * The typed tRPC client for the PromptStack backend. `AppRouter` is imported type-only, so the
 * bundle carries none of the server's code; the types keep every call in step with the server.
 */
import { createTRPCClient, httpBatchLink, loggerLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@promptstack/server/router';
import { toApiError } from './errors.ts';

/** A client bound to one backend URL and one way of finding the session token. */
export type BackendClient = TRPCClient<AppRouter>;
/** Inputs of every procedure, e.g. `RouterInputs['prompts']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs['prompts']['get']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** One version of a prompt as the backend returns it (with its source). */
export type PromptVersion = RouterOutputs['prompts']['versions']['get'];

/** Where the client sends requests and how it authenticates them. */
export interface BackendClientOptions {
  /** e.g. `http://localhost:3000` (no trailing slash); tRPC lives under `/trpc`. */
  backendUrl: string;
  /** The bearer token for this request, read each time so sign-in/out take effect at once. */
  token(): string | undefined;
  /**
   * Told of each failed call, as `auth.signin failed: <sentence>` (the procedure and the error's
   * sentence only: never the input, which may hold a password, nor the token).
   */
  logFailure?(line: string): void;
}

/** Creates the client; cheap, so callers make one per backend URL and token source. */
export function createBackendClient(options: BackendClientOptions): BackendClient {
  const { logFailure } = options;
  return createTRPCClient<AppRouter>({
    links: [
      ...(logFailure
        ? [
            loggerLink<AppRouter>({
              enabled: (call) => call.direction === 'down' && call.result instanceof TRPCClientError,
              logger: (call) => {
                if (call.direction === 'down' && call.result instanceof TRPCClientError) {
                  logFailure(`${call.path} failed: ${toApiError(call.result, 'this item', options.backendUrl).message}`);
                }
              },
            }),
          ]
        : []),
      httpBatchLink({
        url: `${options.backendUrl}/trpc`,
        // The server refuses a batch of more than 10 calls (413); more calls at once go as several batches.
        maxItems: 10,
        // `x-promptstack-client: editor` is recorded as how a label move was made (the label history shows it).
        headers() {
          const token = options.token();
          return { 'x-promptstack-client': 'editor', ...(token ? { authorization: `Bearer ${token}` } : {}) };
        },
      }),
    ],
  });
}
