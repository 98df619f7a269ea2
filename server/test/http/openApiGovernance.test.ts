import assert from 'node:assert/strict';
import { startGovernanceWorld, type GovernanceWorld } from '../governance/governanceFixtures.ts';
import { Contract } from './contract/contract.ts';

// The OpenAPI document against what label governance, live experiments and webhooks answer for
// split label requests, rollbacks of splits, stops of protected experiments, prompt deletion,
// secret rotation with overlap and disabled webhooks.
describe('the OpenAPI document against governance, experiments and webhooks', function () {
  this.timeout(300_000);
  let world: GovernanceWorld;
  let api: Contract;

  before(async () => {
    world = await startGovernanceWorld();
    api = await Contract.load(world.server.url);
  });
  after(async () => {
    await world?.server.close();
  });

  it('answers split label requests, split rollbacks and protected stops as documented', async () => {
    const { call, expect } = api;
    const { team, admin2 } = world;
    const id = world.promptId;
    const split = [
      { version: 1, weight: 1 },
      { version: 2, weight: 1 },
    ];
    await expect(200, call('PUT /prompts/{id}/labels/{name}', { token: team.admin.token, params: { id, name: 'production' }, json: { versionNumber: 1 } }));
    const asked = await expect(
      201,
      call('POST /prompts/{id}/label-requests', { token: team.member.token, params: { id }, json: { label: 'production', split, stickyBy: 'userId' } }),
    );
    await expect(
      400,
      call('POST /prompts/{id}/label-requests', { token: team.member.token, params: { id }, json: { label: 'production', split, version: 1 } }),
    );
    const approved = await expect(
      200,
      call('POST /prompts/{id}/label-requests/{requestId}/approve', { token: admin2.token, params: { id, requestId: asked.id }, json: {} }),
    );
    assert.deepEqual(approved.target, { split, stickyBy: 'userId' });
    const experiments = await expect(200, call('GET /prompts/{id}/experiments', { token: team.viewer.token, params: { id } }));
    const running = experiments.items[0].id as string;

    await expect(403, call('POST /experiments/{id}/stop', { token: team.member.token, params: { id: running }, json: {} }));
    await expect(403, call('POST /experiments/{id}/promote', { token: team.member.token, params: { id: running }, json: { version: 2 } }));
    const rolledBack = await expect(
      200,
      call('POST /prompts/{id}/labels/{name}/rollback', { token: team.admin.token, params: { id, name: 'production' }, json: {} }),
    );
    assert.deepEqual(rolledBack.to, { versionNumber: 1 });
    const again = await expect(
      200,
      call('POST /prompts/{id}/labels/{name}/rollback', { token: team.admin.token, params: { id, name: 'production' }, json: {} }),
    );
    assert.deepEqual(again.to, { split, stickyBy: 'userId' });
    const restarted = (await expect(200, call('GET /prompts/{id}/experiments', { token: team.viewer.token, params: { id } }))).items[0];
    assert.equal(restarted.status, 'RUNNING');
    const stopped = await expect(200, call('POST /experiments/{id}/stop', { token: team.admin.token, params: { id: restarted.id }, json: {} }));
    assert.equal(stopped.endReason, 'stopped');

    await expect(200, call('PUT /prompts/{id}/labels/{name}', { token: team.member.token, params: { id, name: 'canary' }, json: { split } }));
    await expect(200, call('DELETE /prompts/{id}', { token: team.member.token, params: { id } }));
    await expect(404, call('POST /prompts/{id}/labels/{name}/rollback', { token: team.admin.token, params: { id, name: 'canary' }, json: {} }));
  });

  it('answers webhooks with their overlap and disabled state as documented', async () => {
    const { call, expect } = api;
    const { team } = world;
    const ws = { id: team.workspaceId };
    const created = await expect(
      201,
      call('POST /workspaces/{id}/webhooks', {
        token: team.admin.token,
        params: ws,
        json: { url: 'https://hooks.example.com/promptstack', events: ['label.moved'] },
      }),
    );
    assert.deepEqual([created.disabledReason, created.disabledAt, created.previousSecretExpiresAt], [null, null, null]);
    const rotated = await expect(200, call('POST /webhooks/{id}/rotate-secret', { token: team.admin.token, params: { id: created.id } }));
    assert.ok(Date.parse(rotated.previousSecretExpiresAt) > Date.now());
    const paused = await expect(200, call('PUT /webhooks/{id}', { token: team.admin.token, params: { id: created.id }, json: { active: false } }));
    assert.equal(paused.disabledReason, 'Paused by an admin');
    const listed = await expect(200, call('GET /workspaces/{id}/webhooks', { token: team.admin.token, params: ws }));
    assert.equal(listed[0].disabledAt, paused.disabledAt);
    await expect(403, call('POST /webhooks/{id}/rotate-secret', { token: team.member.token, params: { id: created.id } }));
  });
});
