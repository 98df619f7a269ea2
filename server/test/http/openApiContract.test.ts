import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { pino } from 'pino';
import { promptSourceRoutes } from '../../src/features/prompts/promptSourceRoutes.ts';
import { runStreamRoutes } from '../../src/features/runs/runStreamRoute.ts';
import { GREETING_SOURCE, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

/** Public operations that answer no client error at all (no input, no sign-in needed). */
const NO_CLIENT_ERROR = new Set(['GET /auth/session', 'GET /auth/signout', 'POST /auth/signout']);

// Every operation of /api/openapi.json is called for real, a success and a client error, and each
// answer's status, content type and body must be what the document says for that status.
describe('the OpenAPI document against the server', () => {
  let world: RunWorld;
  let doc: Document;
  let ajv: Ajv2020;
  const validators = new Map<string, ValidateFunction>();
  const seen = new Map<string, Set<'success' | 'error'>>();

  before(async () => {
    world = await startRunWorld();
    doc = (await (await world.server.api('/api/openapi.json')).json()) as Document;
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(doc as object, 'openapi.json');
  });
  after(async () => {
    await world?.close();
  });

  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

  /**
   * Calls `op` ("POST /prompts/{id}") with `params` filled in, checks the answer against the
   * document and returns it (`body` parsed when JSON).
   */
  async function call(
    op: string,
    options: { params?: Record<string, string>; query?: string; token?: string; json?: unknown; text?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const [method, template] = op.split(' ') as [string, string];
    const operation = doc.paths[template]?.[method.toLowerCase()];
    assert.ok(operation, `${op} is not in the document`);
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? assert.fail(`${op}: no ${name}`)));
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['content-type'] = 'text/plain';
      body = options.text;
    }
    const response = await fetch(`${world.server.url}/api${path}${options.query ? `?${options.query}` : ''}`, { method, headers, body });
    const text = await response.text();
    const status = String(response.status);
    const documented = operation.responses[status];
    assert.ok(documented, `${op} answered ${status}, which the document does not list: ${text.slice(0, 300)}`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
    const content = documented.content?.[type];
    assert.ok(content, `${op} ${status} answered ${type}; the document says ${Object.keys(documented.content ?? {}).join(', ')}`);
    const parsed: unknown = type === 'application/json' ? JSON.parse(text) : text;
    const ref = `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', status, 'content', type, 'schema')}`;
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.getSchema(ref)!;
      validators.set(ref, validate);
    }
    assert.ok(validate(parsed), `${op} ${status} body does not match the document: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    const kinds = seen.get(op) ?? new Set();
    kinds.add(response.status < 300 ? 'success' : 'error');
    seen.set(op, kinds);
    return { status: response.status, body: parsed };
  }

  const expect = async (status: number, answer: Promise<{ status: number; body: any }>) => {
    const got = await answer;
    assert.equal(got.status, status, JSON.stringify(got.body).slice(0, 300));
    return got.body;
  };

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('documents every route the server serves outside the procedures', () => {
    const deps = { env: world.server.env, db: world.server.database.db, logger: pino({ level: 'silent' }) };
    for (const routes of [promptSourceRoutes(deps), runStreamRoutes(deps)]) {
      for (const layer of routes.stack) {
        const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
        if (!route) continue;
        const path = route.path.replace(/:(\w+)/g, '{$1}');
        for (const method of Object.keys(route.methods)) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is served but not documented`);
      }
    }
  });

  it('answers every operation, success and error, as documented', async () => {
    const { team, provider } = world;
    provider.setScript({});
    const { admin, member, viewer, outsider } = team;
    const ws = { id: team.workspaceId };
    const email = `contract-${Date.now()}@example.com`;

    // auth
    await expect(201, call('POST /auth/signup', { json: { name: 'Contract', email, password: 'correct horse battery' } }));
    await expect(400, call('POST /auth/signup', { json: {} }));
    const signedIn = await expect(200, call('POST /auth/signin', { json: { email, password: 'correct horse battery' } }));
    await expect(401, call('POST /auth/signin', { json: { email, password: 'wrong password here' } }));
    await expect(200, call('GET /auth/session', { token: signedIn.token }));
    const changed = await expect(
      200,
      call('POST /auth/password', { token: signedIn.token, json: { currentPassword: 'correct horse battery', newPassword: 'another horse battery' } }),
    );
    await expect(401, call('POST /auth/password', { json: { currentPassword: 'x', newPassword: 'another horse battery' } }));
    await expect(200, call('POST /auth/signout', { token: changed.token }));
    await expect(200, call('GET /auth/signout'));
    const again = await expect(200, call('POST /auth/signin', { json: { email, password: 'another horse battery' } }));
    await expect(200, call('POST /auth/signout-everywhere', { token: again.token }));
    await expect(401, call('POST /auth/signout-everywhere'));

    // workspaces, members, providers
    await expect(200, call('GET /workspaces', { token: admin.token }));
    await expect(401, call('GET /workspaces'));
    const other = await expect(201, call('POST /workspaces', { token: admin.token, json: { name: 'Contract' } }));
    await expect(400, call('POST /workspaces', { token: admin.token, json: {} }));
    await expect(200, call('GET /workspaces/{id}', { token: admin.token, params: ws }));
    await expect(404, call('GET /workspaces/{id}', { token: outsider.token, params: ws }));
    await expect(200, call('PUT /workspaces/{id}', { token: admin.token, params: ws, json: { name: 'Team' } }));
    await expect(403, call('PUT /workspaces/{id}', { token: viewer.token, params: ws, json: { name: 'Mine' } }));
    await expect(200, call('GET /workspaces/{id}/members', { token: admin.token, params: ws }));
    await expect(404, call('GET /workspaces/{id}/members', { token: outsider.token, params: ws }));
    const otherMember = { id: other.id, userId: member.id };
    // members join by invitation: invited, listed, accepted; another declined, a third withdrawn
    const inOther = { id: other.id };
    const invited = await expect(
      201,
      call('POST /workspaces/{id}/members', { token: admin.token, params: inOther, json: { email: member.email, role: 'VIEWER' } }),
    );
    await expect(409, call('POST /workspaces/{id}/members', { token: admin.token, params: inOther, json: { email: admin.email, role: 'VIEWER' } }));
    await expect(200, call('GET /workspaces/{id}/invitations', { token: admin.token, params: inOther }));
    await expect(404, call('GET /workspaces/{id}/invitations', { token: outsider.token, params: inOther }));
    await expect(200, call('GET /invitations', { token: member.token }));
    await expect(401, call('GET /invitations'));
    await expect(404, call('POST /invitations/{id}/accept', { token: outsider.token, params: { id: invited.invitation.id } }));
    await expect(200, call('POST /invitations/{id}/accept', { token: member.token, params: { id: invited.invitation.id } }));
    const declined = await expect(
      201,
      call('POST /workspaces/{id}/members', { token: admin.token, params: inOther, json: { email: viewer.email, role: 'VIEWER' } }),
    );
    await expect(200, call('POST /invitations/{id}/decline', { token: viewer.token, params: { id: declined.invitation.id } }));
    await expect(409, call('POST /invitations/{id}/decline', { token: viewer.token, params: { id: declined.invitation.id } }));
    const withdrawn = await expect(
      201,
      call('POST /workspaces/{id}/members', { token: admin.token, params: inOther, json: { email: outsider.email, role: 'VIEWER' } }),
    );
    const withdrawnRef = { id: other.id, invitationId: withdrawn.invitation.id };
    await expect(200, call('DELETE /workspaces/{id}/invitations/{invitationId}', { token: admin.token, params: withdrawnRef }));
    await expect(404, call('DELETE /workspaces/{id}/invitations/{invitationId}', { token: admin.token, params: withdrawnRef }));
    await expect(200, call('PUT /workspaces/{id}/members/{userId}', { token: admin.token, params: otherMember, json: { role: 'MEMBER' } }));
    await expect(400, call('PUT /workspaces/{id}/members/{userId}', { token: admin.token, params: otherMember, json: { role: 'KING' } }));
    await expect(200, call('DELETE /workspaces/{id}/members/{userId}', { token: admin.token, params: otherMember }));
    await expect(404, call('DELETE /workspaces/{id}/members/{userId}', { token: admin.token, params: otherMember }));
    await expect(200, call('GET /workspaces/{id}/providers', { token: admin.token, params: ws }));
    await expect(403, call('GET /workspaces/{id}/providers', { token: viewer.token, params: ws }));
    await expect(
      200,
      call('PUT /workspaces/{id}/providers/{provider}', { token: admin.token, params: { ...ws, provider: 'anthropic' }, json: { apiKey: 'sk-contract-0123' } }),
    );
    await expect(
      400,
      call('PUT /workspaces/{id}/providers/{provider}', { token: admin.token, params: { ...ws, provider: 'nope' }, json: { apiKey: 'sk-contract-0123' } }),
    );
    await expect(200, call('DELETE /workspaces/{id}/providers/{provider}', { token: admin.token, params: { ...ws, provider: 'anthropic' } }));
    await expect(404, call('DELETE /workspaces/{id}/providers/{provider}', { token: outsider.token, params: { ...ws, provider: 'anthropic' } }));

    // API keys
    const key = await expect(
      201,
      call('POST /workspaces/{id}/api-keys', { token: admin.token, params: ws, json: { name: 'contract', scopes: ['prompts:read'] } }),
    );
    await expect(400, call('POST /workspaces/{id}/api-keys', { token: admin.token, params: ws, json: { name: 'contract', scopes: ['everything'] } }));
    await expect(200, call('GET /workspaces/{id}/api-keys', { token: admin.token, params: ws }));
    await expect(403, call('GET /workspaces/{id}/api-keys', { token: key.key, params: ws }));
    await expect(200, call('DELETE /workspaces/{id}/api-keys/{keyId}', { token: admin.token, params: { ...ws, keyId: key.id } }));
    await expect(404, call('DELETE /workspaces/{id}/api-keys/{keyId}', { token: outsider.token, params: { ...ws, keyId: key.id } }));

    // webhooks (subscribed before the label moves below, so they make a delivery to log and resend)
    const hook = await expect(
      201,
      call('POST /workspaces/{id}/webhooks', { token: admin.token, params: ws, json: { url: 'https://hooks.example.com/contract', events: ['label.moved'] } }),
    );
    await expect(
      400,
      call('POST /workspaces/{id}/webhooks', { token: admin.token, params: ws, json: { url: 'ftp://hooks.example.com', events: ['label.moved'] } }),
    );
    await expect(200, call('GET /workspaces/{id}/webhooks', { token: admin.token, params: ws }));
    await expect(403, call('GET /workspaces/{id}/webhooks', { token: member.token, params: ws }));
    const w = { id: hook.id as string };
    await expect(200, call('PUT /webhooks/{id}', { token: admin.token, params: w, json: { description: 'contract' } }));
    await expect(403, call('PUT /webhooks/{id}', { token: member.token, params: w, json: { active: false } }));
    await expect(200, call('POST /webhooks/{id}/rotate-secret', { token: admin.token, params: w }));
    await expect(404, call('POST /webhooks/{id}/rotate-secret', { token: outsider.token, params: w }));

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

    // Every documented operation was called: a new route without a case here fails.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const op = `${method.toUpperCase()} ${path}`;
        const kinds = seen.get(op);
        assert.ok(kinds?.has('success'), `${op} was never answered with success`);
        if (!NO_CLIENT_ERROR.has(op)) assert.ok(kinds?.has('error'), `${op} was never answered with an error`);
      }
    }
  });
});
