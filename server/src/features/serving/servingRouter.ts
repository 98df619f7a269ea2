/**
 * Serving prompts to applications: `GET /api/v1/prompts/{name}?label=production` (or `&version=N`)
 * answers the version a label or number names of a project's prompt, with a strong `ETag`; the
 * REST adapter answers a request whose `If-None-Match` holds it with 304 and no body. A label split
 * by a live experiment answers every arm with its weight instead; clients assign one themselves.
 * Access: an API key with the `prompts:read` scope (a key limited to one project serves from it;
 * a workspace-wide key names the project with `projectId=`), or a signed-in member with
 * `prompts:read` (who names the project too). Another workspace's or project's prompt is a 404.
 */
import { TRPCError } from '@trpc/server';
import type { Context } from '../../context.ts';
import { restMeta } from '../../http/restMeta.ts';
import { router, workspaceOrKeyProcedure, type WorkspaceLocator } from '../../trpc.ts';
import { servedETag, servedPrompt, servedSplit, servedSplitETag } from './servedPrompt.ts';
import { readServedArms, readServedPrompt, type ServedPromptQuery, type ServedPromptRow } from './servingQuery.ts';
import { DEFAULT_SERVED_LABEL, servePromptInput, servedAnswerOutput } from './servingSchemas.ts';

/** Applications revalidate each time (a shared cache never keeps an authorised answer). */
const CACHE_CONTROL = 'private, no-cache';

/** The serving read, made once per request (the access check and the answer share it). */
function readServedOnce(ctx: Pick<Context, 'db' | 'memo'>, query: ServedPromptQuery): Promise<ServedPromptRow | undefined> {
  const key = `served:${JSON.stringify(query)}`;
  let read = ctx.memo.get(key) as Promise<ServedPromptRow | undefined> | undefined;
  if (!read) {
    read = readServedPrompt(ctx.db.raw, query);
    ctx.memo.set(key, read);
  }
  return read;
}

/** Who asks: the signed-in user (whose role is read with the prompt) and a key's own project. */
function callerOf(ctx: Pick<Context, 'session' | 'apiKey'>): { userId: string | null; keyProjectId: string | null } {
  return { userId: ctx.session?.user.id ?? null, keyProjectId: ctx.apiKey?.projectId ?? null };
}

/**
 * What a raw (unparsed) input asks for, with anything malformed left out for zod to refuse later.
 * The project is `projectId`, or the one a project key is limited to.
 */
function servedQueryOf(raw: unknown, caller: { userId: string | null; keyProjectId: string | null }): ServedPromptQuery | undefined {
  const input = (raw ?? {}) as Record<string, unknown>;
  const userId = caller.userId;
  const projectId = input.projectId ?? caller.keyProjectId;
  if (typeof projectId !== 'string' || !projectId) return undefined;
  return {
    projectId,
    name: typeof input.name === 'string' ? input.name.trim() : '',
    label: typeof input.label === 'string' ? input.label.trim() : DEFAULT_SERVED_LABEL,
    version: Number.isInteger(input.version) && (input.version as number) > 0 && (input.version as number) < 2 ** 31 ? (input.version as number) : undefined,
    userId,
  };
}

/** The project (named, or the key's own) decides access: its workspace, the caller's role there (read with the prompt). */
const byServedProject: WorkspaceLocator = Object.assign(
  async (ctx: Context, raw: unknown) => {
    const query = servedQueryOf(raw, callerOf(ctx));
    if (!query) return undefined;
    const row = await readServedOnce(ctx, query);
    return row ? { workspaceId: row.workspaceId, role: row.role, projectId: query.projectId } : null;
  },
  { field: 'projectId' },
);

/** The serving feature's router. */
export const servingRouter = router({
  get: workspaceOrKeyProcedure('prompts:read', byServedProject)
    .meta(
      restMeta(
        'GET',
        '/v1/prompts/{name}',
        'serving',
        'A prompt as applications use it: the version `?label=` (default `production`) or `?version=` names, with a strong ETag (`If-None-Match` answers 304); a label split by a live experiment answers `{ experimentId, stickyBy, arms }`',
        [404],
      ),
    )
    .input(servePromptInput)
    .output(servedAnswerOutput)
    .query(async ({ ctx, input }) => {
      if (input.label !== undefined && input.version !== undefined) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'Give label or version, not both' });
      }
      const query = servedQueryOf(input, callerOf(ctx));
      const row = query && (await readServedOnce(ctx, query));
      if (!row?.promptId || row.name === null) throw new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${input.name}' in this project` });
      const label = input.version === undefined ? (input.label ?? DEFAULT_SERVED_LABEL) : null;
      if (row.version === null || row.source === null || row.contentHash === null) {
        const what = label === null ? `version ${input.version}` : `label '${label}'`;
        throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${row.name}' has no ${what}` });
      }
      if (label !== null && row.experimentId !== null) {
        const arms = await readServedArms(ctx.db.raw, row.experimentId);
        // An experiment that ended between the two reads: serve the label's version as below.
        if (arms.length > 0) {
          ctx.http.setHeader('ETag', servedSplitETag(row.experimentId, arms));
          ctx.http.setHeader('Cache-Control', CACHE_CONTROL);
          return servedSplit({ name: row.name, label, experimentId: row.experimentId }, arms);
        }
      }
      const served = servedPrompt({ ...row, name: row.name, version: row.version, source: row.source, contentHash: row.contentHash }, label);
      ctx.http.setHeader('ETag', servedETag(served.contentHash, served.version));
      ctx.http.setHeader('Cache-Control', CACHE_CONTROL);
      return served;
    }),
});
