/**
 * Contract steps for the work done on prompts: runs (streamed too), datasets, A/B tests, generations
 * and scores, live experiment results, analytics, the webhook delivery log, and deletions.
 */
import assert from 'node:assert/strict';
import type { RunWorld } from '../../helpers/runWorld.ts';
import type { Contract } from './contract.ts';

/** Calls every run, dataset, A/B, generation, analytics and delivery operation, success and error. */
export async function workSteps(world: RunWorld, { call, expect }: Contract, made: { prompt: { id: string }; hook: { id: string } }): Promise<void> {
  const { team, provider } = world;
  const { admin, member, viewer, outsider } = team;
  const ws = { id: team.workspaceId };
  const p = made.prompt;
  const w = made.hook;

  // runs
  const run = await expect(200, call('POST /prompts/{id}/test', { token: member.token, params: p, json: { input: { name: 'Ada' } } }));
  await expect(403, call('POST /prompts/{id}/test', { token: viewer.token, params: p, json: { input: { name: 'Ada' } } }));
  await expect(200, call('GET /prompts/{id}/test', { token: viewer.token, params: p }));
  await expect(401, call('GET /prompts/{id}/test', { params: p }));
  await expect(200, call('PUT /prompts/{id}/test/{runId}', { token: member.token, params: { ...p, runId: run.id }, json: { rating: 5 } }));
  await expect(400, call('PUT /prompts/{id}/test/{runId}', { token: member.token, params: { ...p, runId: run.id }, json: { rating: 9 } }));
  const events = await expect(200, call('POST /prompts/{id}/test/stream', { token: member.token, params: p, json: { input: { name: 'Ada' } } }));
  assert.match(events, /event: done/);
  await expect(403, call('POST /prompts/{id}/test/stream', { token: viewer.token, params: p, json: { input: { name: 'Ada' } } }));

  // datasets
  const dataset = await expect(
    201,
    call('POST /datasets', { token: member.token, json: { projectId: team.projectId, name: 'cases', items: [{ input: { name: 'Ada' } }] } }),
  );
  await expect(403, call('POST /datasets', { token: viewer.token, json: { projectId: team.projectId, name: 'cases' } }));
  const d = { id: dataset.id as string };
  await expect(200, call('GET /datasets', { token: viewer.token, query: `projectId=${team.projectId}` }));
  await expect(400, call('GET /datasets', { token: viewer.token }));
  await expect(200, call('GET /datasets/{id}', { token: viewer.token, params: d }));
  await expect(404, call('GET /datasets/{id}', { token: outsider.token, params: d }));
  await expect(200, call('PUT /datasets/{id}', { token: member.token, params: d, json: { name: 'cases 2' } }));
  await expect(403, call('PUT /datasets/{id}', { token: viewer.token, params: d, json: { name: 'mine' } }));
  await expect(200, call('POST /datasets/{id}/import', { token: member.token, params: d, json: { format: 'jsonl', content: '{"input":{"name":"Bo"}}' } }));
  await expect(400, call('POST /datasets/{id}/import', { token: member.token, params: d, json: { format: 'xml', content: '<x/>' } }));
  await expect(200, call('POST /datasets/{id}/run', { token: member.token, params: d, json: { promptId: p.id } }));
  await expect(403, call('POST /datasets/{id}/run', { token: viewer.token, params: d, json: { promptId: p.id } }));

  // A/B tests
  const variants = [
    { name: 'a', promptId: p.id },
    { name: 'b', promptId: p.id },
  ];
  const ab = await expect(
    202,
    call('POST /ab-tests', { token: member.token, json: { name: 'ab', projectId: team.projectId, variants, inputs: [{ name: 'Ada' }] } }),
  );
  await expect(
    400,
    call('POST /ab-tests', { token: member.token, json: { name: 'ab', projectId: team.projectId, variants: variants.slice(1), inputs: [{ name: 'Ada' }] } }),
  );
  await expect(200, call('GET /ab-tests', { token: viewer.token, query: `projectId=${team.projectId}` }));
  await expect(400, call('GET /ab-tests', { token: viewer.token }));
  const abTest = await expect(200, call('GET /ab-tests/{id}', { token: viewer.token, params: ab }));
  await expect(404, call('GET /ab-tests/{id}', { token: outsider.token, params: ab }));
  await expect(200, call('POST /ab-tests/{id}/winner', { token: member.token, params: ab, json: { variantId: abTest.variants[0].id } }));
  await expect(404, call('POST /ab-tests/{id}/winner', { token: member.token, params: ab, json: { variantId: 'no-such-variant' } }));

  // A slow provider keeps a second test running long enough to cancel it.
  provider.setScript({ '*': { latencyMs: 5_000 } });
  const slow = await expect(
    202,
    call('POST /ab-tests', { token: member.token, json: { name: 'slow', projectId: team.projectId, variants, inputs: [{ name: 'Ada' }] } }),
  );
  await expect(200, call('POST /ab-tests/{id}/cancel', { token: member.token, params: slow }));
  await expect(409, call('POST /ab-tests/{id}/cancel', { token: member.token, params: slow }));
  provider.setScript({});

  // generations logged back by an application, and a score on one
  const generation = (id: string) => ({
    id,
    prompt: { name: 'contract' },
    model: 'openai/gpt-4o-mini',
    input: { name: 'Ada' },
    output: 'Hello Ada',
    usage: { inputTokens: 12, outputTokens: 3 },
    latencyMs: 40,
    status: 'success',
  });
  const logged = await expect(
    200,
    call('POST /v1/generations', { token: member.token, json: { workspaceId: ws.id, generations: [generation('g-1'), { id: 'g-2' }] } }),
  );
  assert.equal(logged.accepted, 1);
  assert.equal(logged.rejected.length, 1);
  const tooMany = Array.from({ length: 1001 }, (_, i) => generation(`many-${i}`));
  await expect(413, call('POST /v1/generations', { token: member.token, json: { workspaceId: ws.id, generations: tooMany } }));
  await expect(201, call('POST /v1/scores', { token: member.token, json: { workspaceId: ws.id, generationId: 'g-1', name: 'thumbs', value: 1 } }));
  await expect(404, call('POST /v1/scores', { token: member.token, json: { workspaceId: ws.id, generationId: 'g-404', name: 'thumbs', value: 1 } }));

  // live experiment results and stop (the experiment's rows are made directly: starting one belongs to the label split)
  const prisma = world.server.database.db.prisma;
  const [control, treatment] = await prisma.promptVersion.findMany({ where: { promptId: p.id }, orderBy: { number: 'asc' }, select: { id: true } });
  const stoppable = await prisma.experiment.create({
    data: {
      workspaceId: ws.id,
      promptId: p.id,
      labelName: 'production',
      controlVersionId: control!.id,
      arms: {
        create: [
          { versionId: control!.id, weight: 50, isControl: true },
          { versionId: treatment!.id, weight: 50 },
        ],
      },
    },
    select: { id: true },
  });
  await expect(200, call('GET /experiments/{id}/results', { token: viewer.token, params: stoppable }));
  await expect(404, call('GET /experiments/{id}/results', { token: outsider.token, params: stoppable }));
  await expect(403, call('POST /experiments/{id}/stop', { token: viewer.token, params: stoppable, json: {} }));
  await expect(200, call('POST /experiments/{id}/stop', { token: admin.token, params: stoppable, json: {} }));
  await expect(409, call('POST /experiments/{id}/stop', { token: admin.token, params: stoppable, json: {} }));

  // analytics
  for (const op of ['GET /analytics', 'GET /analytics/costs', 'GET /analytics/performance']) {
    await expect(200, call(op, { token: viewer.token, query: `workspaceId=${ws.id}` }));
    await expect(200, call(op, { token: viewer.token, query: `workspaceId=${ws.id}&source=all` }));
    await expect(400, call(op, { token: viewer.token }));
  }

  // the webhook's delivery log: the label moves above were published to it
  const log = await expect(200, call('GET /webhooks/{id}/deliveries', { token: admin.token, params: w }));
  assert.ok(log.total >= 1);
  await expect(404, call('GET /webhooks/{id}/deliveries', { token: outsider.token, params: w }));
  const delivery = { ...w, deliveryId: log.items[0].id as string };
  // hooks.example.com does not answer here; settle the delivery as given up so it can be resent.
  await world.server.database.db.prisma.webhookDelivery.updateMany({ where: { webhookId: w.id }, data: { status: 'FAILED', nextAttemptAt: null } });
  await expect(202, call('POST /webhooks/{id}/deliveries/{deliveryId}/resend', { token: admin.token, params: delivery }));
  await expect(200, call('PUT /webhooks/{id}', { token: admin.token, params: w, json: { active: false } }));
  await expect(409, call('POST /webhooks/{id}/deliveries/{deliveryId}/resend', { token: admin.token, params: delivery }));
  await expect(200, call('DELETE /webhooks/{id}', { token: admin.token, params: w }));
  await expect(404, call('DELETE /webhooks/{id}', { token: admin.token, params: w }));

  await expect(200, call('DELETE /prompts/{id}', { token: member.token, params: p }));
  await expect(404, call('DELETE /prompts/{id}', { token: member.token, params: p }));
  await expect(200, call('DELETE /datasets/{id}', { token: member.token, params: d }));
  await expect(404, call('DELETE /datasets/{id}', { token: member.token, params: d }));
}
