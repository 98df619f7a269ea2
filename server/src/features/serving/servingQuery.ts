/**
 * The serving read: a project's live prompt by name with the version a label (or a number) names,
 * the project's workspace and the signed-in caller's role there, in one statement (a named
 * prepared statement on Postgres). Names are not unique within a project; the oldest live prompt
 * of a name is the one served, so creating a namesake never changes what applications receive.
 */
import { preparedQuery } from '../../db/preparedQuery.ts';
import type { RawDb } from '../../db/rawDb.ts';
import type { Role } from '../../generated/prisma/enums.ts';

const SERVED_PROMPT_SQL = `
  SELECT pj."workspaceId",
         (SELECT m.role::text FROM "Membership" m WHERE m."workspaceId" = pj."workspaceId" AND m."userId" = $5) AS role,
         p.id AS "promptId", p.name, v.number AS version, v.source, v.model, v.config, v."contentHash", v."toolDefinitions"
    FROM "Project" pj
    LEFT JOIN LATERAL (
      SELECT id, name FROM "Prompt"
       WHERE "projectId" = pj.id AND name = $2 AND "deletedAt" IS NULL
       ORDER BY "createdAt", id LIMIT 1) p ON true
    LEFT JOIN LATERAL (
      SELECT v.number, v.source, v.model, v.config, v."contentHash", v."toolDefinitions"
        FROM "PromptVersion" v
       WHERE v."promptId" = p.id
         AND ($4::int IS NOT NULL AND v.number = $4
              OR $4::int IS NULL AND v.id = (SELECT l."versionId" FROM "PromptLabel" l WHERE l."promptId" = p.id AND l.name = $3))) v ON true
   WHERE pj.id = $1 AND pj."deletedAt" IS NULL`;

/** What the serving read found. */
export interface ServedPromptRow extends Record<string, unknown> {
  workspaceId: string;
  /** The signed-in caller's role in the project's workspace (null: not a member, or no user). */
  role: Role | null;
  /** Null when the project has no live prompt of that name. */
  promptId: string | null;
  name: string | null;
  /** Null when the prompt has no such label or version. */
  version: number | null;
  source: string | null;
  model: string | null;
  config: unknown;
  contentHash: string | null;
  /** The tool definitions the version was pushed with. */
  toolDefinitions: unknown;
}

/** Which prompt and version to serve. `version` wins when given; otherwise `label`. */
export interface ServedPromptQuery {
  projectId: string;
  name: string;
  label: string;
  version: number | undefined;
  /** The signed-in caller whose role is read beside the prompt; null for an API key. */
  userId: string | null;
}

/** The serving read's row, or undefined when the project does not exist or was deleted. */
export async function readServedPrompt(raw: RawDb, query: ServedPromptQuery): Promise<ServedPromptRow | undefined> {
  const params = [query.projectId, query.name, query.label, query.version ?? null, query.userId];
  return (await preparedQuery<ServedPromptRow>(raw, 'promptstack_served_prompt', SERVED_PROMPT_SQL, params))[0];
}
