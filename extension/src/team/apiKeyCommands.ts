/**
 * API key management for workspace admins, as `(ctx) => handler` factories for the command table
 * (commands/index.ts): create (the secret shown once, in a modal with Copy), list, revoke. The
 * secret is never stored, logged or returned from a command (other extensions can run commands).
 */
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import type { RouterOutputs } from './api/client.ts';
import { toApiError } from './api/errors.ts';

type ApiKey = RouterOutputs['apiKeys']['list'][number];
type Scope = ApiKey['scopes'][number];

/** What a key is for, as one choice (a person picks a purpose more easily than a set of scopes). */
export const SCOPE_PRESETS: ReadonlyArray<{ label: string; detail: string; scopes: Scope[] }> = [
  { label: 'Application: read prompts', detail: 'prompts:read', scopes: ['prompts:read'] },
  { label: 'Application: read prompts and log generations', detail: 'prompts:read, generations:write', scopes: ['prompts:read', 'generations:write'] },
  { label: 'CI: read and push prompts, move labels', detail: 'prompts:read, prompts:write', scopes: ['prompts:read', 'prompts:write'] },
  {
    label: 'Everything a key can do',
    detail: 'prompts:read, prompts:write, generations:write',
    scopes: ['prompts:read', 'prompts:write', 'generations:write'],
  },
];

/** What a command reports of a key: never its secret. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  projectId: string | null;
  revoked: boolean;
}

const summary = (key: ApiKey): ApiKeySummary => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes,
  projectId: key.projectId,
  revoked: key.revokedAt !== null,
});

/** Signs in if needed and picks one of the workspaces the user administers (a single one is taken without asking). */
async function pickAdminWorkspace(ctx: PromptStackContext): Promise<{ id: string; name: string } | undefined> {
  const { team } = ctx;
  if (!(await team.deps.ensureSignedIn())) return undefined;
  const workspaces = (await team.client().workspaces.list.query()).filter((w) => w.role === 'ADMIN');
  if (workspaces.length === 0) {
    team.ui.error('Only workspace admins manage API keys, and you administer no PromptStack workspace');
    return undefined;
  }
  if (workspaces.length === 1) return workspaces[0];
  const picked = await team.ui.pick(
    workspaces.map((w) => ({ label: w.name, id: w.id })),
    { title: 'API keys of which workspace?' },
  );
  return picked && { id: picked.id, name: picked.label };
}

/** Runs `body`, showing a backend failure as a message; undefined then. */
async function reporting<T>(ctx: PromptStackContext, what: string, body: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    ctx.team.ui.error(toApiError(error, what, ctx.team.deps.backendUrl()).message);
    return undefined;
  }
}

/** `promptstack.createApiKey`: name, purpose, optional project; shows the secret once. Resolves with the key's summary. */
export function createApiKeyCommand(ctx: PromptStackContext) {
  const { team } = ctx;
  return () =>
    reporting(ctx, 'API keys of this workspace', async (): Promise<ApiKeySummary | undefined> => {
      const workspace = await pickAdminWorkspace(ctx);
      if (!workspace) return undefined;
      const name = await team.ui.input({
        title: `New API key for ${workspace.name}`,
        prompt: 'What is it for? (shown in the key list)',
        placeHolder: 'support-bot production',
        validateInput: (value) => (value.trim() ? (value.trim().length > 100 ? 'At most 100 characters' : undefined) : 'A name is required'),
      });
      if (!name?.trim()) return undefined;
      const preset = await team.ui.pick(SCOPE_PRESETS, { title: 'What may the key do?' });
      if (!preset) return undefined;
      const projects = await team.client().projects.list.query({ workspaceId: workspace.id });
      const WHOLE = 'The whole workspace';
      const where = await team.ui.pick(
        [{ label: WHOLE, id: null as string | null }, ...projects.map((p) => ({ label: p.name, description: 'only this project', id: p.id as string | null }))],
        {
          title: 'Where may the key act?',
        },
      );
      if (!where) return undefined;
      const created = await team.client().apiKeys.create.mutate({ id: workspace.id, name: name.trim(), scopes: preset.scopes, projectId: where.id });
      const COPY = 'Copy';
      const answer = await team.ui.choose(
        `API key "${created.name}" created. Copy it now: it is shown only this once.`,
        { modal: true, detail: created.key },
        COPY,
      );
      if (answer === COPY) {
        await vscode.env.clipboard.writeText(created.key);
        team.ui.info(`API key ${created.prefix}… copied to the clipboard`);
      }
      return summary(created);
    });
}

/** A QuickPick item for a key: name, prefix and scopes, its project and last use. */
function keyItem(key: ApiKey) {
  const lastUsed = key.lastUsedAt ? `last used ${new Date(key.lastUsedAt).toLocaleString()}` : 'never used';
  return {
    label: key.revokedAt ? `$(circle-slash) ${key.name}` : `$(key) ${key.name}`,
    description: `${key.prefix}… ${key.scopes.join(', ')}`,
    detail: `${key.projectId ? 'one project' : 'whole workspace'} · created ${new Date(key.createdAt).toLocaleString()} · ${key.revokedAt ? 'revoked' : lastUsed}`,
    key,
  };
}

/** Asks for confirmation and revokes; the revoked key's summary, or undefined when not confirmed. */
async function confirmAndRevoke(ctx: PromptStackContext, workspaceId: string, key: ApiKey): Promise<ApiKeySummary | undefined> {
  const REVOKE = 'Revoke';
  const answer = await ctx.team.ui.choose(
    `Revoke API key "${key.name}" (${key.prefix}…)?`,
    { modal: true, detail: 'Applications and CI using it are refused within a second. This cannot be undone.' },
    REVOKE,
  );
  if (answer !== REVOKE) return undefined;
  const revoked = await ctx.team.client().apiKeys.revoke.mutate({ id: workspaceId, keyId: key.id });
  ctx.team.ui.info(`API key "${revoked.name}" revoked`);
  return summary(revoked);
}

/**
 * `promptstack.listApiKeys`: the workspace's keys in a QuickPick (revoked ones marked); picking an
 * active one offers to revoke it. Resolves with the keys listed.
 */
export function listApiKeysCommand(ctx: PromptStackContext) {
  const { team } = ctx;
  return () =>
    reporting(ctx, 'API keys of this workspace', async (): Promise<ApiKeySummary[] | undefined> => {
      const workspace = await pickAdminWorkspace(ctx);
      if (!workspace) return undefined;
      const keys = await team.client().apiKeys.list.query({ id: workspace.id });
      if (keys.length === 0) {
        team.ui.info(`Workspace "${workspace.name}" has no API keys yet: run "PromptStack: Create API Key"`);
        return [];
      }
      const picked = await team.ui.pick(keys.map(keyItem), { title: `API keys of ${workspace.name}`, matchOnDescription: true, matchOnDetail: true });
      if (picked && !picked.key.revokedAt) await confirmAndRevoke(ctx, workspace.id, picked.key);
      return keys.map(summary);
    });
}

/** `promptstack.revokeApiKey`: picks one of the workspace's active keys and revokes it after confirmation. */
export function revokeApiKeyCommand(ctx: PromptStackContext) {
  const { team } = ctx;
  return () =>
    reporting(ctx, 'API keys of this workspace', async (): Promise<ApiKeySummary | undefined> => {
      const workspace = await pickAdminWorkspace(ctx);
      if (!workspace) return undefined;
      const active = (await team.client().apiKeys.list.query({ id: workspace.id })).filter((key) => !key.revokedAt);
      if (active.length === 0) {
        team.ui.info(`Workspace "${workspace.name}" has no active API keys`);
        return undefined;
      }
      const picked = await team.ui.pick(active.map(keyItem), { title: `Revoke an API key of ${workspace.name}`, matchOnDescription: true });
      return picked && confirmAndRevoke(ctx, workspace.id, picked.key);
    });
}
