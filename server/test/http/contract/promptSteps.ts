/**
 * Contract steps for projects and prompts: versions, labels and splits, live experiments, label
 * governance (protection, requests, history, rollback) and `.prompt` sources.
 */
import { GREETING_SOURCE, type RunWorld } from '../../helpers/runWorld.ts';
import type { Contract } from './contract.ts';

/** Calls every project and prompt operation, success and error; returns the prompt for later steps. */
export async function promptSteps(world: RunWorld, { call, expect }: Contract): Promise<{ prompt: { id: string } }> {
  const { team } = world;
  const { admin, member, viewer, outsider } = team;
  const ws = { id: team.workspaceId };

  // projects
  await expect(200, call('GET /projects', { token: admin.token, query: `workspaceId=${ws.id}` }));
  await expect(400, call('GET /projects', { token: admin.token }));
  const project = await expect(201, call('POST /projects', { token: admin.token, json: { workspaceId: ws.id, name: 'Contract' } }));
  await expect(403, call('POST /projects', { token: viewer.token, json: { workspaceId: ws.id, name: 'Contract' } }));
  await expect(200, call('GET /projects/{id}', { token: admin.token, params: project }));
  await expect(404, call('GET /projects/{id}', { token: outsider.token, params: project }));
  await expect(200, call('PUT /projects/{id}', { token: admin.token, params: project, json: { name: 'Renamed' } }));
  await expect(403, call('PUT /projects/{id}', { token: viewer.token, params: project, json: { name: 'Mine' } }));
  await expect(200, call('DELETE /projects/{id}', { token: admin.token, params: project }));
  await expect(404, call('DELETE /projects/{id}', { token: admin.token, params: project }));

  // prompts, versions, labels, .prompt sources
  const prompt = await expect(
    201,
    call('POST /prompts', { token: member.token, json: { projectId: team.projectId, name: 'contract', content: GREETING_SOURCE } }),
  );
  await expect(403, call('POST /prompts', { token: viewer.token, json: { projectId: team.projectId, name: 'contract', content: GREETING_SOURCE } }));
  const p = { id: prompt.id as string };
  await expect(200, call('GET /prompts', { token: member.token, query: `projectId=${team.projectId}` }));
  await expect(400, call('GET /prompts', { token: member.token, query: `projectId=${team.projectId}&page=abc` }));
  await expect(200, call('GET /prompts/{id}', { token: viewer.token, params: p }));
  await expect(404, call('GET /prompts/{id}', { token: outsider.token, params: p }));
  await expect(200, call('PUT /prompts/{id}', { token: member.token, params: p, json: { description: 'Greets' } }));
  await expect(409, call('PUT /prompts/{id}', { token: member.token, params: p, json: { content: 'Hi {{name}}', baseVersion: 99 } }));
  await expect(201, call('POST /prompts/{id}/versions', { token: member.token, params: p, json: { source: `${GREETING_SOURCE}!` } }));
  await expect(200, call('POST /prompts/{id}/versions', { token: member.token, params: p, json: { source: `${GREETING_SOURCE}!` } }));
  await expect(403, call('POST /prompts/{id}/versions', { token: viewer.token, params: p, json: { source: GREETING_SOURCE } }));
  await expect(200, call('GET /prompts/{id}/versions', { token: viewer.token, params: p }));
  await expect(401, call('GET /prompts/{id}/versions', { params: p }));
  await expect(200, call('GET /prompts/{id}/versions/{ref}', { token: viewer.token, params: { ...p, ref: '1' } }));
  await expect(404, call('GET /prompts/{id}/versions/{ref}', { token: viewer.token, params: { ...p, ref: '99' } }));
  const label = { ...p, name: 'production' };
  await expect(200, call('PUT /prompts/{id}/labels/{name}', { token: admin.token, params: label, json: { versionNumber: 1 } }));
  await expect(403, call('PUT /prompts/{id}/labels/{name}', { token: viewer.token, params: label, json: { versionNumber: 1 } }));
  await expect(200, call('GET /prompts/{id}/labels', { token: viewer.token, params: p }));
  await expect(200, call('GET /v1/prompts/{name}', { token: viewer.token, params: { name: 'contract' }, query: `projectId=${team.projectId}` }));
  await expect(404, call('GET /v1/prompts/{name}', { token: viewer.token, params: { name: 'contract' }, query: `projectId=${team.projectId}&label=nope` }));
  const canary = { ...p, name: 'canary' };
  const split = {
    split: [
      { version: 1, weight: 1 },
      { version: 2, weight: 1 },
    ],
    stickyBy: 'userId',
  };
  const splitLabel = await expect(200, call('PUT /prompts/{id}/labels/{name}', { token: member.token, params: canary, json: split }));
  await expect(200, call('GET /v1/prompts/{name}', { token: viewer.token, params: { name: 'contract' }, query: `projectId=${team.projectId}&label=canary` }));
  await expect(200, call('GET /prompts/{id}/experiments', { token: viewer.token, params: p }));
  await expect(404, call('GET /prompts/{id}/experiments', { token: outsider.token, params: p }));
  const experiment = { id: splitLabel.experimentId as string };
  await expect(200, call('GET /experiments/{id}', { token: viewer.token, params: experiment }));
  await expect(404, call('GET /experiments/{id}', { token: outsider.token, params: experiment }));
  await expect(200, call('PUT /experiments/{id}/guardrails', { token: member.token, params: experiment, json: { settings: { maxLatencyIncreaseMs: 250 } } }));
  await expect(400, call('PUT /experiments/{id}/guardrails', { token: member.token, params: experiment, json: { settings: { alpha: 0.2 } } }));
  await expect(400, call('POST /experiments/{id}/promote', { token: member.token, params: experiment, json: { version: 99 } }));
  await expect(200, call('POST /experiments/{id}/promote', { token: member.token, params: experiment, json: { version: 2 } }));
  await expect(409, call('POST /experiments/{id}/promote', { token: member.token, params: experiment, json: { version: 2 } }));
  await expect(404, call('GET /prompts/{id}/labels', { token: outsider.token, params: p }));

  // label governance: protected labels, requests and decisions, history, rollback
  const pr = { id: team.projectId };
  await expect(200, call('GET /projects/{id}/protected-labels', { token: viewer.token, params: pr }));
  await expect(404, call('GET /projects/{id}/protected-labels', { token: outsider.token, params: pr }));
  await expect(200, call('PUT /projects/{id}/protected-labels', { token: admin.token, params: pr, json: { labels: ['production'] } }));
  await expect(403, call('PUT /projects/{id}/protected-labels', { token: member.token, params: pr, json: { labels: [] } }));
  const ask = { label: 'production', version: 1, reason: 'contract' };
  const asked = await expect(201, call('POST /prompts/{id}/label-requests', { token: member.token, params: p, json: ask }));
  await expect(404, call('POST /prompts/{id}/label-requests', { token: member.token, params: p, json: { ...ask, version: 99 } }));
  await expect(200, call('GET /prompts/{id}/label-requests', { token: viewer.token, params: p, query: 'status=pending' }));
  await expect(404, call('GET /prompts/{id}/label-requests', { token: outsider.token, params: p }));
  const request = { ...p, requestId: asked.id as string };
  await expect(403, call('POST /prompts/{id}/label-requests/{requestId}/approve', { token: member.token, params: request, json: {} }));
  await expect(200, call('POST /prompts/{id}/label-requests/{requestId}/approve', { token: admin.token, params: request, json: {} }));
  await expect(409, call('POST /prompts/{id}/label-requests/{requestId}/reject', { token: admin.token, params: request, json: {} }));
  const toReject = await expect(201, call('POST /prompts/{id}/label-requests', { token: member.token, params: p, json: ask }));
  await expect(200, call('POST /prompts/{id}/label-requests/{requestId}/reject', { token: admin.token, params: { ...p, requestId: toReject.id }, json: {} }));
  await expect(200, call('GET /prompts/{id}/labels/history', { token: viewer.token, params: p, query: 'label=production' }));
  await expect(404, call('GET /prompts/{id}/labels/history', { token: outsider.token, params: p }));
  await expect(200, call('POST /prompts/{id}/labels/{name}/rollback', { token: admin.token, params: label, json: { reason: 'contract' } }));
  await expect(409, call('POST /prompts/{id}/labels/{name}/rollback', { token: member.token, params: { ...p, name: 'never-moved' }, json: {} }));

  await expect(403, call('DELETE /prompts/{id}/labels/{name}', { token: member.token, params: label }));
  await expect(200, call('DELETE /prompts/{id}/labels/{name}', { token: admin.token, params: label }));
  await expect(404, call('DELETE /prompts/{id}/labels/{name}', { token: admin.token, params: label }));
  await expect(200, call('GET /prompts/{id}/versions/{ref}/source', { token: viewer.token, params: { ...p, ref: '1' } }));
  await expect(404, call('GET /prompts/{id}/versions/{ref}/source', { token: viewer.token, params: { ...p, ref: '99' } }));
  await expect(201, call('POST /prompts/{id}/source', { token: member.token, params: p, text: `${GREETING_SOURCE}?` }));
  await expect(200, call('POST /prompts/{id}/source', { token: member.token, params: p, text: `${GREETING_SOURCE}?` }));
  await expect(403, call('POST /prompts/{id}/source', { token: viewer.token, params: p, text: GREETING_SOURCE }));
  return { prompt: p };
}
