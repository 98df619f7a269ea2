import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import { promptReadRoute } from '../../src/features/prompts/promptReadRoute.ts';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, rest, startTeamServer, type Team } from '../helpers/team.ts';

// `GET /api/prompts/{id}` has a fast door (promptReadRoute.ts) beside the REST adapter's; a query
// string sends the same read through the adapter, so both answers can be compared directly.
describe('the fast read door for GET /api/prompts/{id}', () => {
  let server: TestServer;
  let team: Team;
  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(() => server.close());

  it('answers exactly what the REST adapter answers, for readers and refusals alike', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    const deleted = await createPrompt(server, team.member.token, team.projectId, { name: 'gone' });
    assert.equal((await rest(server, 'DELETE', `/prompts/${deleted}`, { token: team.member.token })).status, 200);
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[string, string | undefined, number]> = [
      [id, team.viewer.token, 200],
      [id, team.member.token, 200],
      [id, team.outsider.token, 404],
      [id, undefined, 401],
      [id, 'not-a-token', 401],
      [missing, team.member.token, 404],
      [deleted, team.member.token, 404],
      // Past idSchema's 64 characters the fast door steps aside; the access check finds nothing.
      ['a'.repeat(64), team.member.token, 404],
      ['a'.repeat(65), team.member.token, 404],
      [`${id}/`, team.viewer.token, 200],
    ];
    for (const [promptId, token, status] of cases) {
      const fast = await rest(server, 'GET', `/prompts/${promptId}`, token ? { token } : {});
      const adapter = await rest(server, 'GET', `/prompts/${promptId}?_=adapter`, token ? { token } : {});
      const who = `${promptId.slice(0, 40)} / ${token === undefined ? 'no token' : token.slice(0, 12)}`;
      assert.equal(fast.status, status, who);
      assert.equal(adapter.status, status, who);
      assert.deepEqual(fast.body, adapter.body, who);
      assert.equal(fast.headers.get('content-type'), adapter.headers.get('content-type'), who);
    }
  });

  it('answers a reader itself and leaves every refusal to the REST adapter', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId, { name: 'direct' });
    // The middleware alone on a plain HTTP server: `next` answers 299, so a fall-through shows.
    const handler = promptReadRoute({ env: server.env, db: server.database.db, logger: pino({ level: 'silent' }) });
    const bare = createServer((req, res) =>
      handler(req as Request, res as Response, () => {
        res.statusCode = 299;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const { port } = bare.address() as AddressInfo;
    const get = (path: string, token?: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    try {
      const read = await get(`/prompts/${id}`, team.viewer.token);
      assert.equal(read.status, 200);
      assert.equal(((await read.json()) as { id: string }).id, id);
      for (const [path, token] of [
        [`/prompts/${id}`, team.outsider.token],
        [`/prompts/${id}`, undefined],
        [`/prompts/${id}?label=x`, team.viewer.token],
        [`/prompts/${'a'.repeat(65)}`, team.viewer.token],
      ] as const) {
        assert.equal((await get(path, token)).status, 299, path);
      }
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });
});
