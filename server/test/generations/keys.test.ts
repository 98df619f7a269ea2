import assert from 'node:assert/strict';
import { generateApiKeySecret } from '../../src/features/apikeys/apiKeySecret.ts';
import { createSourcePrompt } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { generation, startGenerationWorld, type GenerationWorld } from './generationFixtures.ts';

describe('generations and scores with API keys (scope generations:write)', function () {
  // A team, a prompt with two versions and a label over HTTP: slow on a loaded machine.
  this.timeout(300_000);
  let world: GenerationWorld;
  let otherProjectId: string;
  const keys: Record<string, string> = {};

  /** Stores a key the way key management does (hash and prefix only) and keeps its secret. */
  async function makeKey(name: string, data: { workspaceId: string; projectId?: string; scopes: string[] }) {
    const secret = generateApiKeySecret();
    await world.server.database.db.prisma.apiKey.create({ data: { ...data, name, prefix: secret.prefix, hash: secret.hash } });
    keys[name] = secret.key;
  }
  const post = (path: string, key: string, json: unknown) => rest(world.server, 'POST', path, { token: keys[key], json });

  before(async () => {
    world = await startGenerationWorld();
    const other = await rest(world.server, 'POST', '/projects', {
      token: world.team.admin.token,
      json: { workspaceId: world.team.workspaceId, name: 'Other' },
    });
    expectStatus(other, 201);
    otherProjectId = other.body.id;
    await createSourcePrompt(world.server, world.team.member.token, otherProjectId, undefined, 'elsewhere');
    await makeKey('ingest', { workspaceId: world.team.workspaceId, scopes: ['generations:write'] });
    await makeKey('reader', { workspaceId: world.team.workspaceId, scopes: ['prompts:read'] });
    await makeKey('project', { workspaceId: world.team.workspaceId, projectId: world.team.projectId, scopes: ['generations:write'] });
    await makeKey('foreign', { workspaceId: world.team.outsiderWorkspaceId, scopes: ['generations:write'] });
  });
  after(() => world?.server.close());

  it('logs generations in the key’s workspace without naming it, and scores them', async () => {
    const item = generation();
    const answer = await post('/v1/generations', 'ingest', { generations: [item, generation({ prompt: { name: 'elsewhere' } })] });
    expectStatus(answer, 200);
    assert.deepEqual(answer.body, { accepted: 2, duplicates: 0, rejected: [] });
    const score = await post('/v1/scores', 'ingest', { generationId: item.id, name: 'thumbs', value: 1 });
    expectStatus(score, 201);
    assert.equal(score.body.generationId, item.id);
  });

  it('refuses a key without generations:write (403) and an unknown key (401)', async () => {
    expectStatus(await post('/v1/generations', 'reader', { generations: [generation()] }), 403);
    expectStatus(await post('/v1/scores', 'reader', { generationId: 'x', name: 'thumbs', value: 1 }), 403);
    const unknown = await rest(world.server, 'POST', '/v1/generations', { token: 'psk_unknown0000000000000000000000000000', json: { generations: [] } });
    expectStatus(unknown, 401);
  });

  it('keeps a key limited to one project in it: prompts elsewhere are unknown, another projectId is 404', async () => {
    const mine = generation();
    const answer = await post('/v1/generations', 'project', { generations: [mine, generation({ prompt: { name: 'elsewhere' } })] });
    assert.equal(answer.body.accepted, 1);
    assert.deepEqual(
      answer.body.rejected.map((r: { index: number; error: string }) => [r.index, r.error]),
      [[1, "No prompt named 'elsewhere' in this project"]],
    );
    expectStatus(await post('/v1/generations', 'project', { projectId: otherProjectId, generations: [generation()] }), 404);
  });

  it('never reaches another workspace: its prompts are unknown and its generations 404 (even when the body names it)', async () => {
    const item = generation();
    expectStatus(await post('/v1/generations', 'ingest', { generations: [item] }), 200);
    const answer = await post('/v1/generations', 'foreign', { workspaceId: world.team.workspaceId, generations: [generation()] });
    expectStatus(answer, 200);
    assert.equal(answer.body.accepted, 0);
    assert.match(answer.body.rejected[0].error, /No prompt named 'support-reply'/);
    expectStatus(await post('/v1/scores', 'foreign', { generationId: item.id, name: 'thumbs', value: 1 }), 404);
  });
});
