/**
 * Contract steps for accounts: sign-up and sessions, workspaces, members and invitations,
 * provider keys, API keys and webhook subscriptions.
 */
import type { RunWorld } from '../../helpers/runWorld.ts';
import type { Contract } from './contract.ts';

/** Calls every account operation, success and error; returns the webhook made for later steps. */
export async function accountSteps(world: RunWorld, { call, expect }: Contract): Promise<{ hook: { id: string } }> {
  const { team } = world;
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
  return { hook: w };
}
