/**
 * Partials on the backend. A partial (`{{> signature}}`, the editor's `_signature.prompt`) is a
 * prompt row of kind PARTIAL named by its partial name within the project, with immutable
 * versions like any prompt. A prompt version records the partial versions it was written with
 * (`partialVersionIds`: name -> version id), so every later render of that version (runs, dataset
 * runs, A/B jobs) includes exactly those partial texts.
 *
 * Writes run inside the prompt's write transaction: the partials pushed with a prompt and the
 * prompt version that records them land together or not at all.
 */
import { includedPartialNames } from '@promptstack/core/format/includedPartials';
import { sameContent } from '@promptstack/core/format/syncFields';
import type { TransactionClient } from '../../generated/prisma/internal/prismaNamespace.ts';
import type { Actor } from './promptService.ts';
import { preparePromptSource } from './promptSource.ts';

/** The most partials one prompt version may include (directly or through other partials). */
export const MAX_PARTIALS = 50;

/** Partial name -> PromptVersion id. */
export type PartialVersionIds = Record<string, string>;

/** The Json column's value as a name -> id map (anything else reads as none). */
export function toPartialVersionIds(value: unknown): PartialVersionIds {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Two maps name the same partial versions. */
export function samePartialVersions(a: PartialVersionIds, b: PartialVersionIds): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** What a failed partial write says (a 400, named for the partial). */
export class PartialError extends Error {}

/** Locks the project row: partial rows of a project are found or created one writer at a time. */
async function lockProject(tx: TransactionClient, projectId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
}

/** The live partial named `name` in the project, with its latest version. */
async function findPartial(tx: TransactionClient, projectId: string, name: string) {
  const prompt = await tx.prompt.findFirst({
    where: { projectId, name, kind: 'PARTIAL', deletedAt: null },
    select: { id: true, latestVersionNumber: true },
    orderBy: { createdAt: 'asc' },
  });
  if (!prompt) return undefined;
  const latest = await tx.promptVersion.findUnique({
    where: { promptId_number: { promptId: prompt.id, number: prompt.latestVersionNumber } },
    select: { id: true, source: true },
  });
  return { ...prompt, latest };
}

/** Stores `source` as partial `name` of the project (a new partial, or a new version when it changed); answers the version id. */
async function storePartial(
  tx: TransactionClient,
  actor: Actor,
  at: { projectId: string; workspaceId: string },
  name: string,
  source: string,
): Promise<string> {
  const prepared = preparePromptSource(source);
  if (!prepared.ok) throw new PartialError(`Invalid partial '${name}': ${prepared.message}`);
  const { contentHash, model, config, variables } = prepared.value;
  const data = { source, contentHash, model, config: JSON.parse(JSON.stringify(config)) as object, variables, authorId: actor.userId };
  const existing = await findPartial(tx, at.projectId, name);
  if (existing?.latest && sameContent(existing.latest.source, source)) return existing.latest.id;
  if (existing) {
    const number = existing.latestVersionNumber + 1;
    const version = await tx.promptVersion.create({ data: { ...data, promptId: existing.id, number }, select: { id: true } });
    await tx.prompt.update({ where: { id: existing.id }, data: { latestVersionNumber: number }, select: { id: true } });
    return version.id;
  }
  const created = await tx.prompt.create({
    data: { projectId: at.projectId, workspaceId: at.workspaceId, name, kind: 'PARTIAL', latestVersionNumber: 1, createdById: actor.userId },
    select: { id: true },
  });
  const version = await tx.promptVersion.create({ data: { ...data, promptId: created.id, number: 1 }, select: { id: true } });
  return version.id;
}

/**
 * The partial versions a prompt source includes, directly or through other partials: each pushed
 * partial (`pushed`, name -> source) is stored first (unchanged text keeps its version); names not
 * pushed take the project's latest version of that partial. Names the project lacks are left out
 * (a run then says which partial is missing).
 */
export async function recordPartials(
  tx: TransactionClient,
  actor: Actor,
  at: { projectId: string; workspaceId: string },
  source: string,
  pushed: Record<string, string> | undefined,
): Promise<PartialVersionIds> {
  const pending = includedPartialNames(source);
  if (pending.length === 0 && !pushed) return {};
  await lockProject(tx, at.projectId);
  const recorded: PartialVersionIds = {};
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (seen.size > MAX_PARTIALS) throw new PartialError(`A prompt may include at most ${MAX_PARTIALS} partials`);
    const text = pushed?.[name];
    let partialSource: string | undefined;
    if (text !== undefined) {
      recorded[name] = await storePartial(tx, actor, at, name, text);
      partialSource = text;
    } else {
      const found = await findPartial(tx, at.projectId, name);
      if (!found?.latest) continue;
      recorded[name] = found.latest.id;
      partialSource = found.latest.source;
    }
    pending.push(...includedPartialNames(partialSource));
  }
  return recorded;
}

/** The partial texts a version was recorded with (name -> source), for rendering it. */
export async function partialSources(tx: Pick<TransactionClient, 'promptVersion'>, ids: PartialVersionIds): Promise<Record<string, string>> {
  const entries = Object.entries(ids);
  if (entries.length === 0) return {};
  const rows = await tx.promptVersion.findMany({ where: { id: { in: entries.map(([, id]) => id) } }, select: { id: true, source: true } });
  const byId = new Map(rows.map((row) => [row.id, row.source]));
  return Object.fromEntries(entries.flatMap(([name, id]) => (byId.has(id) ? [[name, byId.get(id)!]] : [])));
}
