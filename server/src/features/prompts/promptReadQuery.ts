/**
 * The hottest read, `GET /api/prompts/{id}`: the prompt, its labels (with a running experiment's
 * split), its latest version and the caller's role in its workspace, in one round trip that is
 * also the route's access check. The arguments are Prisma's, built from the selects
 * promptSelects.ts declares; db/selectSql.ts compiles them once into one prepared statement,
 * because Prisma's own work per query (its join strategy included) costs several times this
 * read's whole budget. The answer has Prisma's shape and goes through the shared mappers.
 */
import type { Prisma } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import { preparedFindFirst, sqlParam } from '../../db/selectSql.ts';
import type { RawDb } from '../../db/rawDb.ts';
import type { LabelOutput, PromptSummaryOutput, VersionOutput } from './promptSchemas.ts';
import { labelSelect, promptSelect, toLabel, toPromptSummary, toVersion, versionSelect } from './promptSelects.ts';

/** A prompt as readPromptWithLatest finds it, with `userId`'s role in its workspace (null: not a member, or no user). */
export interface PromptRead {
  prompt: PromptSummaryOutput;
  labels: LabelOutput[];
  latestVersion: VersionOutput | null;
  role: Role | null;
}

/** The `findFirst` arguments of the read: live prompt `promptId`, with `userId`'s membership. */
export function promptReadArgs(promptId: string, userId: string) {
  return {
    where: { id: promptId, deletedAt: null },
    select: {
      ...promptSelect,
      labels: { select: labelSelect, orderBy: { name: 'asc' } },
      // Versions are numbered 1..latestVersionNumber, so the highest is the latest.
      versions: { select: versionSelect, orderBy: { number: 'desc' }, take: 1 },
      workspace: { select: { memberships: { select: { role: true }, where: { userId }, take: 1 } } },
    },
  } satisfies Prisma.PromptFindFirstArgs;
}

/** A row of the read, as Prisma answers promptReadArgs. */
export type PromptReadRow = Prisma.PromptGetPayload<{ select: ReturnType<typeof promptReadArgs>['select'] }>;

const queryPromptRead = preparedFindFirst<PromptReadRow>('promptstack_prompt_read', 'Prompt', promptReadArgs(sqlParam(1), sqlParam(2)));

/** The API's view of a read row. */
export function toPromptRead(row: PromptReadRow): PromptRead {
  const { labels, versions, workspace, ...prompt } = row;
  const latest = versions[0];
  return {
    role: workspace.memberships[0]?.role ?? null,
    prompt: toPromptSummary(prompt),
    labels: labels.map(toLabel),
    latestVersion: latest?.number === prompt.latestVersionNumber ? toVersion(latest) : null,
  };
}

/** A live prompt, its labels (by name), its latest version and `userId`'s role, or null when missing or deleted. */
export async function readPromptWithLatest(raw: RawDb, promptId: string, userId: string | null): Promise<PromptRead | null> {
  // No user (an API key): `"userId" = NULL` matches no membership.
  const row = await queryPromptRead(raw, [promptId, userId]);
  return row && toPromptRead(row);
}
