/**
 * The serving read: a project's live prompt by name with the version a label (or a number) names,
 * the project's workspace and the signed-in caller's role there, in one statement (a named
 * prepared statement on Postgres). A label split by a live experiment costs one more read, of its
 * arms; a plain label never does. Names are not unique within a project; the oldest live prompt
 * of a name is the one served, so creating a namesake never changes what applications receive.
 */
import { preparedQuery } from '../../db/preparedQuery.ts';
import type { RawDb } from '../../db/rawDb.ts';
import type { Role } from '../../generated/prisma/enums.ts';

const SERVED_PROMPT_SQL = `
  SELECT pj."workspaceId",
         (SELECT m.role::text FROM "Membership" m WHERE m."workspaceId" = pj."workspaceId" AND m."userId" = $5) AS role,
         p.id AS "promptId", p.name, v.number AS version, v.source, v.model, v.config, v."contentHash", v."toolDefinitions", l."experimentId"
    FROM "Project" pj
    LEFT JOIN LATERAL (
      SELECT id, name FROM "Prompt"
       WHERE "projectId" = pj.id AND name = $2 AND "deletedAt" IS NULL
       ORDER BY "createdAt", id LIMIT 1) p ON true
    LEFT JOIN LATERAL (
      SELECT l."versionId", l."experimentId" FROM "PromptLabel" l
       WHERE $4::int IS NULL AND l."promptId" = p.id AND l.name = $3) l ON true
    LEFT JOIN LATERAL (
      SELECT v.number, v.source, v.model, v.config, v."contentHash", v."toolDefinitions"
        FROM "PromptVersion" v
       WHERE v."promptId" = p.id
         AND ($4::int IS NOT NULL AND v.number = $4 OR $4::int IS NULL AND v.id = l."versionId")) v ON true
   WHERE pj.id = $1 AND pj."deletedAt" IS NULL`;

/** The arms of a running experiment, by version number (read only for a split label). */
const SERVED_ARMS_SQL = `
  SELECT e."stickyBy", v.number AS version, a.weight, v.source, v.model, v.config, v."contentHash", v."toolDefinitions"
    FROM "Experiment" e
    JOIN "ExperimentArm" a ON a."experimentId" = e.id
    JOIN "PromptVersion" v ON v.id = a."versionId"
   WHERE e.id = $1 AND e.status = 'RUNNING'
   ORDER BY v.number`;

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
  /** The running experiment splitting the label asked for (then `version` is its control); null otherwise. */
  experimentId: string | null;
}

/** One arm of a split label as the serving read finds it. */
export interface ServedArmRow extends Record<string, unknown> {
  stickyBy: string | null;
  version: number;
  weight: number;
  source: string;
  model: string | null;
  config: unknown;
  contentHash: string;
  /** The tool definitions the arm's version was pushed with. */
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

/** The arms of experiment `experimentId` by version number; empty when it no longer runs. */
export function readServedArms(raw: RawDb, experimentId: string): Promise<ServedArmRow[]> {
  return preparedQuery<ServedArmRow>(raw, 'promptstack_served_arms', SERVED_ARMS_SQL, [experimentId]);
}
