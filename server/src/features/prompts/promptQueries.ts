/**
 * Reads of prompts, versions and labels. Callers have already checked the caller's access to the
 * prompt's workspace; every read here also skips soft-deleted prompts, so a deleted prompt is a 404.
 */
import { TRPCError } from '@trpc/server';
import type { Database } from '../../db/client.ts';
import { rawQuery, type RawDb } from '../../db/rawDb.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import type { PromptOutput, VersionOutput } from './promptSchemas.ts';
import type { Context } from '../../context.ts';
import { readPromptWithLatest, type PromptRead } from './promptReadQuery.ts';
import { labelSelect, promptSelect, toLabel, toPromptSummary, toVersion, toVersionSummary, versionSelect, versionSummarySelect } from './promptSelects.ts';
import { pageOf, pageWindow } from '../../http/paging.ts';

function noPrompt(id: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${id}'` });
}

/** A live prompt's workspace id, or null when it does not exist or was deleted (for access checks). */
export async function promptWorkspaceId(prisma: PrismaClient, promptId: string): Promise<string | null> {
  const row = await prisma.prompt.findFirst({ where: { id: promptId, deletedAt: null }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

/**
 * A live prompt's workspace and project ids and the user's role there (null: not a member, or no
 * user, for an API key) in one query, for the access check of every prompt route; null when the
 * prompt does not exist or was deleted.
 */
export async function promptWorkspaceAndRole(
  raw: RawDb,
  promptId: string,
  userId: string | null,
): Promise<{ workspaceId: string; projectId: string; role: Role | null } | null> {
  const rows = await rawQuery<{ workspaceId: string; projectId: string; role: Role | null }>(
    raw,
    `
    SELECT p."workspaceId", p."projectId", m.role::text AS role
      FROM "Prompt" p
      LEFT JOIN "Membership" m ON m."workspaceId" = p."workspaceId" AND m."userId" = $2
     WHERE p.id = $1 AND p."deletedAt" IS NULL`,
    [promptId, userId],
  );
  return rows[0] ?? null;
}

/** Which version a read wants: a number, a label, or (neither) the latest. */
export interface VersionSelector {
  number?: number | undefined;
  label?: string | undefined;
}

/** Resolves a `/versions/{ref}` segment: digits are a version number, anything else a label name. */
export function parseVersionRef(ref: string): VersionSelector {
  return /^\d+$/.test(ref) ? { number: Number(ref) } : { label: ref };
}

/** One version of a live prompt by number or label; NOT_FOUND names what was missing. */
export async function getVersion(prisma: PrismaClient, promptId: string, selector: VersionSelector): Promise<VersionOutput> {
  const prompt = await prisma.prompt.findFirst({ where: { id: promptId, deletedAt: null }, select: { latestVersionNumber: true } });
  if (!prompt) throw noPrompt(promptId);
  if (selector.label !== undefined) {
    const label = await prisma.promptLabel.findUnique({
      where: { promptId_name: { promptId, name: selector.label } },
      select: { version: { select: versionSelect } },
    });
    if (!label) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${promptId}' has no label '${selector.label}'` });
    return toVersion(label.version);
  }
  const number = selector.number ?? prompt.latestVersionNumber;
  const version = await prisma.promptVersion.findUnique({ where: { promptId_number: { promptId, number } }, select: versionSelect });
  if (!version) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${promptId}' has no version ${number}` });
  return toVersion(version);
}

/** The handles a read needs: Prisma, and the raw database for the one-statement prompt read. */
export type PromptDb = Pick<Database, 'prisma' | 'raw'>;

/**
 * The prompt read of `prompts.get`, made once per request: its access check (which needs the
 * workspace and the caller's role) and its answer share the one query.
 */
export function readPromptOnce(ctx: Pick<Context, 'db' | 'memo'>, promptId: string, userId: string | null): Promise<PromptRead | null> {
  const key = `prompt:${promptId}:${userId ?? ''}`;
  let read = ctx.memo.get(key) as Promise<PromptRead | null> | undefined;
  if (!read) {
    read = readPromptWithLatest(ctx.db.raw, promptId, userId);
    ctx.memo.set(key, read);
  }
  return read;
}

/**
 * A live prompt with its latest version, its labels, and the selected version (latest by default).
 * `found` is a read this request already made (readPromptOnce); without it the prompt is read now.
 */
export async function getPrompt(
  db: PromptDb,
  promptId: string,
  userId: string | null,
  selector: VersionSelector = {},
  found?: PromptRead | null,
): Promise<PromptOutput> {
  const read = found === undefined ? await readPromptWithLatest(db.raw, promptId, userId) : found;
  if (!read) throw noPrompt(promptId);
  const { prompt, labels, latestVersion } = read;
  const wantsOther = selector.label !== undefined || (selector.number !== undefined && selector.number !== prompt.latestVersionNumber);
  const version = wantsOther ? await getVersion(db.prisma, promptId, selector) : latestVersion;
  return { ...prompt, latestVersion, version, labels };
}

/** The answer to a write: the prompt as it is now, the version the write produced or matched, and `created`. */
export async function promptAfterWrite(db: PromptDb, userId: string | null, outcome: { promptId: string; version: VersionOutput | null; created: boolean }) {
  const prompt = await getPrompt(db, outcome.promptId, userId);
  return { ...prompt, version: outcome.version, created: outcome.created };
}

/** Escapes LIKE wildcards so a search for `50%_off` matches those characters literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A page of a project's live prompts, newest change first, optionally filtered by name/description. */
export async function listPrompts(
  prisma: PrismaClient,
  input: { projectId: string; kind?: 'PROMPT' | 'PARTIAL' | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const q = input.q?.trim();
  const where = {
    projectId: input.projectId,
    kind: input.kind ?? 'PROMPT',
    deletedAt: null,
    ...(q
      ? {
          OR: [
            { name: { contains: likeLiteral(q), mode: 'insensitive' as const } },
            { description: { contains: likeLiteral(q), mode: 'insensitive' as const } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    prisma.prompt.count({ where }),
    prisma.prompt.findMany({
      where,
      select: promptSelect,
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toPromptSummary), total, input);
}

/** A page of a live prompt's versions, newest first, without their sources. */
export async function listVersions(prisma: PrismaClient, input: { id: string; page: number; pageSize: number }) {
  const prompt = await prisma.prompt.findFirst({ where: { id: input.id, deletedAt: null }, select: { latestVersionNumber: true } });
  if (!prompt) throw noPrompt(input.id);
  const rows = await prisma.promptVersion.findMany({
    where: { promptId: input.id },
    select: versionSummarySelect,
    orderBy: { number: 'desc' },
    ...pageWindow(input),
  });
  return pageOf(rows.map(toVersionSummary), prompt.latestVersionNumber, input);
}

/** A live prompt's labels, by name. */
export async function listLabels(prisma: PrismaClient, promptId: string) {
  const prompt = await prisma.prompt.findFirst({
    where: { id: promptId, deletedAt: null },
    select: { labels: { select: labelSelect, orderBy: { name: 'asc' } } },
  });
  if (!prompt) throw noPrompt(promptId);
  return prompt.labels.map(toLabel);
}
