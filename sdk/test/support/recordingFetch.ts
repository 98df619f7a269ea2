/**
 * The global fetch, with a record of what went out and what came back, so tests can see the
 * SDK's conditional requests and statuses. Every request still reaches the real server.
 */
export interface Exchange {
  method: string;
  url: string;
  ifNoneMatch: string | undefined;
  status: number | 'failed';
  /** The answer's ETag. */
  etag?: string | null;
}

export function recordingFetch(): { fetch: (input: string, init: RequestInit) => Promise<Response>; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  return {
    exchanges,
    fetch: async (input, init) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      const exchange: Exchange = { method: init.method ?? 'GET', url: input, ifNoneMatch: headers['if-none-match'], status: 'failed' };
      exchanges.push(exchange);
      const response = await fetch(input, init);
      exchange.status = response.status;
      exchange.etag = response.headers.get('etag');
      return response;
    },
  };
}
