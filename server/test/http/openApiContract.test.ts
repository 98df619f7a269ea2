import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { promptSourceRoutes } from '../../src/features/prompts/promptSourceRoutes.ts';
import { runStreamRoutes } from '../../src/features/runs/runStreamRoute.ts';
import { startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { accountSteps } from './contract/accountSteps.ts';
import { Contract } from './contract/contract.ts';
import { promptSteps } from './contract/promptSteps.ts';
import { workSteps } from './contract/workSteps.ts';

// Every operation of /api/openapi.json is called for real, a success and a client error, and each
// answer's status, content type and body must be what the document says for that status. The
// steps share one server and build on each other (the prompt made by the prompt steps is run,
// tested and deleted by the work steps), so they run in order.
describe('the OpenAPI document against the server', () => {
  let world: RunWorld;
  let contract: Contract;
  let hook: { id: string };
  let prompt: { id: string };

  before(async () => {
    world = await startRunWorld();
    contract = await Contract.load(world.server.url);
    world.provider.setScript({});
  });
  after(async () => {
    await world?.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(contract.doc as unknown as Parameters<Validator['validate']>[0]);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('documents every route the server serves outside the procedures', () => {
    const deps = { env: world.server.env, db: world.server.database.db, logger: pino({ level: 'silent' }) };
    for (const routes of [promptSourceRoutes(deps), runStreamRoutes(deps)]) {
      for (const layer of routes.stack) {
        const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
        if (!route) continue;
        const path = route.path.replace(/:(\w+)/g, '{$1}');
        for (const method of Object.keys(route.methods))
          assert.ok(contract.doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is served but not documented`);
      }
    }
  });

  it('answers account, workspace, API key and webhook operations as documented', async () => {
    ({ hook } = await accountSteps(world, contract));
  });

  it('answers project, prompt, label, experiment and governance operations as documented', async () => {
    ({ prompt } = await promptSteps(world, contract));
  });

  it('answers run, dataset, A/B, generation, analytics and delivery operations as documented', async () => {
    assert.ok(prompt && hook, 'the earlier steps made the prompt and the webhook');
    await workSteps(world, contract, { prompt, hook });
  });

  it('called every documented operation, success and error (a new route without a step fails here)', () => {
    contract.assertEveryOperationCalled();
  });
});
