/**
 * The hottest read, `GET /api/prompts/{id}`, in one round trip: the prompt, its labels, its
 * latest version and the caller's role in its workspace as one row (Prisma issues four queries
 * for the same select, and the access check two more). The columns are the
 * ones promptSelects.ts declares; times are formatted in SQL as the API's ISO strings (Prisma
 * stores UTC in `timestamp(3)`), so both back ends (pg, PGlite) give the same answer.
 */
import { preparedQuery } from '../../db/preparedQuery.ts';
import type { RawDb } from '../../db/rawDb.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import type { LabelOutput, PromptSummaryOutput, VersionOutput } from './promptSchemas.ts';
import { toVersion } from './promptSelects.ts';

/** `timestamp(3)` holding UTC -> `2026-11-25T21:27:06.994Z`, as `Date.toISOString()` prints it. */
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PROMPT_READ_SQL = `
  SELECT p.id, p."projectId", p."workspaceId", p.name, p.description, p."latestVersionNumber", p."createdById",
         ${iso('p."createdAt"')} AS "createdAt", ${iso('p."updatedAt"')} AS "updatedAt",
         COALESCE((
           SELECT json_agg(json_build_object('name', l.name, 'versionNumber', v.number, 'updatedById', l."updatedById", 'updatedAt', ${iso('l."updatedAt"')}) ORDER BY l.name)
             FROM "PromptLabel" l JOIN "PromptVersion" v ON v.id = l."versionId"
            WHERE l."promptId" = p.id), '[]'::json) AS labels,
         (SELECT json_build_object('id', v.id, 'promptId', v."promptId", 'number', v.number, 'model', v.model, 'config', v.config,
                 'variables', v.variables, 'contentHash', v."contentHash", 'authorId', v."authorId", 'message', v.message,
                 'createdAt', ${iso('v."createdAt"')}, 'source', v.source, 'toolDefinitions', v."toolDefinitions")
            FROM "PromptVersion" v
           WHERE v."promptId" = p.id AND v.number = p."latestVersionNumber") AS latest,
         (SELECT m.role::text FROM "Membership" m WHERE m."workspaceId" = p."workspaceId" AND m."userId" = $2) AS role
    FROM "Prompt" p
   WHERE p.id = $1 AND p."deletedAt" IS NULL`;

/** The read, as a prepared statement on Postgres (db/preparedQuery.ts). */
async function queryPromptRow(raw: RawDb, params: [string, string | null]): Promise<PromptReadRow | undefined> {
  return (await preparedQuery<PromptReadRow & Record<string, unknown>>(raw, 'promptstack_prompt_read', PROMPT_READ_SQL, params))[0];
}

interface PromptReadRow extends PromptSummaryOutput {
  role: Role | null;
  labels: LabelOutput[];
  latest: (Omit<VersionOutput, 'createdAt' | 'tools'> & { createdAt: string; toolDefinitions: unknown }) | null;
}

/** A prompt as readPromptWithLatest finds it, with `userId`'s role in its workspace (null: not a member, or no user). */
export interface PromptRead {
  prompt: PromptSummaryOutput;
  labels: LabelOutput[];
  latestVersion: VersionOutput | null;
  role: Role | null;
}

/** A live prompt, its labels (by name), its latest version and `userId`'s role, or null when missing or deleted. */
export async function readPromptWithLatest(raw: RawDb, promptId: string, userId: string | null): Promise<PromptRead | null> {
  const row = await queryPromptRow(raw, [promptId, userId]);
  if (!row) return null;
  const { labels, latest, role, ...prompt } = row;
  return {
    role,
    prompt: {
      id: prompt.id,
      projectId: prompt.projectId,
      workspaceId: prompt.workspaceId,
      name: prompt.name,
      description: prompt.description,
      latestVersionNumber: prompt.latestVersionNumber,
      createdById: prompt.createdById,
      createdAt: prompt.createdAt,
      updatedAt: prompt.updatedAt,
    },
    labels,
    latestVersion: latest ? toVersion(latest) : null,
  };
}
