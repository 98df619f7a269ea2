import assert from 'node:assert/strict';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import type { AppRouter } from '../../src/router.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { createSourcePrompt, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';

/** A tRPC client whose subscriptions go over SSE (`httpSubscriptionLink`), signed in with `token`. */
function subscriptionClient(url: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } }),
          }),
        }),
        false: httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` } }),
      }),
    ],
  });
}

type StreamEvent =
  { type: 'token'; text: string } | { type: 'done'; run: { id: string; status: string; output: string | null; errorKind?: string; messages?: unknown } };

/** Reads a REST SSE answer into its events. */
async function readEvents(response: Response, onEvent?: (event: EventSourceMessage) => void): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = [];
  const stream = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = stream.getReader();
  try {
    for (let step = await reader.read(); !step.done; step = await reader.read()) {
      events.push(step.value);
      onEvent?.(step.value);
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
  return events;
}

/** Polls a condition (a bounded wait on an observable state, not a fixed sleep). */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('streamed runs (tRPC subscription and REST SSE)', () => {
  let world: RunWorld;
  let promptId: string;

  before(async () => {
    world = await startRunWorld();
    ({ id: promptId } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId));
  });
  after(async () => {
    await world?.close();
  });
  beforeEach(() => {
    world.provider.setScript({});
    world.provider.requests.length = 0;
  });

  const latestRun = async () => (await rest(world.server, 'GET', `/prompts/${promptId}/test?pageSize=1`, { token: world.team.member.token })).body.items[0];

  it('streams token events and then the recorded run over the tRPC subscription', async () => {
    const client = subscriptionClient(world.server.url, world.team.member.token);
    const events: StreamEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client.runs.stream.subscribe(
        { id: promptId, input: { name: 'Ada Lovelace' } },
        {
          onData: (event) => {
            events.push(event as StreamEvent);
            if (event.type === 'done') {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    const tokens = events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text);
    assert.deepEqual(tokens, ['Echo: ', 'Hello ', 'Ada ', 'Lovelace']);
    const done = events.at(-1) as Extract<StreamEvent, { type: 'done' }>;
    assert.equal(done.type, 'done');
    assert.equal(done.run.status, 'success');
    assert.equal(done.run.output, 'Echo: Hello Ada Lovelace');
    assert.deepEqual(done.run.messages, [{ role: 'user', content: [{ text: 'Hello Ada Lovelace' }] }], 'the done event carries the messages sent');
    assert.equal((await latestRun()).id, done.run.id);
    assert.equal(world.provider.requests[0]!.stream, true);
  });

  it('rejects a subscription with a missing variable before any provider call', async () => {
    const client = subscriptionClient(world.server.url, world.team.member.token);
    const error = await new Promise<unknown>((resolve) => {
      const sub = client.runs.stream.subscribe(
        { id: promptId, input: {} },
        {
          onData: () => undefined,
          onError: (err) => {
            sub.unsubscribe();
            resolve(err);
          },
        },
      );
    });
    assert.ok(error instanceof TRPCClientError);
    assert.match(error.message, /Missing input variable 'name'/);
    assert.equal(world.provider.requests.length, 0);
  });

  it('cancels the provider call when the subscriber leaves, and records a cancelled run', async () => {
    world.provider.setScript({ '*': { chunkDelayMs: 200, output: 'one two three four five six seven eight nine ten' } });
    const client = subscriptionClient(world.server.url, world.team.member.token);
    await new Promise<void>((resolve, reject) => {
      const sub = client.runs.stream.subscribe(
        { id: promptId, input: { name: 'Ada' } },
        {
          onData: (event) => {
            if (event.type === 'token') {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    const run = await eventually(async () => {
      const latest = await latestRun();
      return latest?.errorKind === 'cancelled' ? latest : undefined;
    }, 'the cancelled run');
    assert.equal(run.status, 'error');
    assert.equal(run.output, 'one ');
  });

  describe('REST SSE (POST /api/prompts/{id}/test/stream)', () => {
    it('streams `token` then `done` events over REST SSE (POST /api/prompts/{id}/test/stream)', async () => {
      const response = await world.server.api(`/api/prompts/${promptId}/test/stream`, {
        method: 'POST',
        token: world.team.member.token,
        json: { input: { name: 'Grace' } },
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const events = await readEvents(response);
      assert.deepEqual(
        events.map((e) => e.event),
        ['token', 'token', 'token', 'done'],
      );
      assert.deepEqual(
        events.slice(0, 3).map((e) => JSON.parse(e.data).text),
        ['Echo: ', 'Hello ', 'Grace'],
      );
      const run = JSON.parse(events[3]!.data);
      assert.equal(run.status, 'success');
      assert.equal(run.output, 'Echo: Hello Grace');
      assert.deepEqual(run.messages, [{ role: 'user', content: [{ text: 'Hello Grace' }] }]);
      assert.equal((await latestRun()).id, run.id);
    });

    it('answers REST SSE errors as JSON with their status before any event (400, 403, 404)', async () => {
      const bad = await world.server.api(`/api/prompts/${promptId}/test/stream`, {
        method: 'POST',
        token: world.team.member.token,
        json: { input: { name: 7 } },
      });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /'name' must be string/);
      const viewer = await world.server.api(`/api/prompts/${promptId}/test/stream`, {
        method: 'POST',
        token: world.team.viewer.token,
        json: { input: { name: 'x' } },
      });
      assert.equal(viewer.status, 403);
      const outsider = await world.server.api(`/api/prompts/${promptId}/test/stream`, {
        method: 'POST',
        token: world.team.outsider.token,
        json: { input: { name: 'x' } },
      });
      assert.equal(outsider.status, 404);
      assert.equal(world.provider.requests.length, 0);
    });

    it('cancels the provider call when the REST client disconnects, and records a cancelled run', async () => {
      world.provider.setScript({ '*': { chunkDelayMs: 200, output: 'alpha beta gamma delta epsilon zeta eta theta' } });
      const abort = new AbortController();
      const response = await world.server.api(`/api/prompts/${promptId}/test/stream`, {
        method: 'POST',
        token: world.team.member.token,
        json: { input: { name: 'Ada' } },
        signal: abort.signal,
      });
      expectStatus({ status: response.status, body: null, headers: response.headers }, 200);
      await readEvents(response, (event) => {
        if (event.event === 'token') abort.abort();
      });
      const run = await eventually(async () => {
        const latest = await latestRun();
        return latest?.errorKind === 'cancelled' ? latest : undefined;
      }, 'the cancelled run');
      assert.equal(run.status, 'error');
      assert.equal(run.output, 'alpha ');
    });
  });
});
