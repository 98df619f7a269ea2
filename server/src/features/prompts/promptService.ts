/**
 * The only code that writes prompts and their versions. Every version write runs in one
 * transaction that first locks the prompt row (`SELECT ... FOR UPDATE`), so concurrent writes
 * on one prompt are serialized: numbers stay strictly sequential, a stale `baseVersion` is a
 * 409 carrying the latest version, and content identical to the latest makes no new version.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { TransactionClient } from '../../generated/prisma/internal/prismaNamespace.ts';
import { buildPromptSource, preparePromptSource } from './promptSource.ts';
import type { SourceEdit } from './promptSource.ts';
import { versionSelect, toVersion } from './promptSelects.ts';
import type { VersionOutput } from './promptSchemas.ts';
import { versionConflictError } from './versionConflict.ts';
import { sameContent } from '@promptstack/core/format/syncFields';
import { PartialError, recordPartials, samePartialVersions, toPartialVersionIds } from './partialService.ts';
import type { ToolDefinition } from '@promptstack/core';
import { sameToolDefinitions, ToolDefinitionError, toolDefinitionsFor, toToolDefinitions, type PushedTool } from './toolDefinitions.ts';
import { publishEvent } from '../webhooks/index.ts';
import { stopPromptExperimentsIn } from './labelExperiments.ts';

/** Interactive transactions wait in line behind the prompt's row lock; give a burst room. */
export const WRITE_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** Who is writing, recorded as the version's author: a user, or null for an API key. */
export interface Actor {
  userId: string | null;
}

/** What a write changes besides the source. */
export interface VersionWrite {
  /** Edits to the latest source (seed fields), or a whole source stored unchanged. */
  edit: SourceEdit | { source: string };
  baseVersion?: number | undefined;
  message?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
  /** Partials pushed with the source (name -> text), stored as the project's partials first. */
  partials?: Record<string, string> | undefined;
  /** Definitions of the tools `tools:` names (from files beside the prompt), recorded with the version. */
  tools?: PushedTool[] | undefined;
}

/** A write's outcome: the version now latest, and whether this write created it. */
export interface WriteOutcome {
  promptId: string;
  version: VersionOutput | null;
  created: boolean;
}

/** Runs a write, turning a partial or tool it cannot resolve into a 400 naming it. */
async function withResolvable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PartialError || error instanceof ToolDefinitionError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
    throw error;
  }
}

function badSource(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message: `Invalid .prompt source: ${message}` });
}

function sourceOf(edit: VersionWrite['edit'], latest: string | undefined): string {
  if ('source' in edit) return edit.source;
  const built = buildPromptSource(edit, latest);
  if (!built.ok) throw badSource(built.message);
  return built.source;
}

/** Creates a prompt and its version 1 in one transaction, within the workspace's prompt limit. */
export async function createPrompt(
  prisma: PrismaClient,
  actor: Actor,
  input: {
    projectId: string;
    name: string;
    description?: string | null | undefined;
    message?: string | undefined;
    partials?: Record<string, string> | undefined;
    tools?: PushedTool[] | undefined;
  } & SourceEdit,
): Promise<WriteOutcome> {
  const prepared = preparePromptSource(sourceOf(input, undefined));
  if (!prepared.ok) throw badSource(prepared.message);
  return withResolvable(() => {
    const toolDefinitions = toolDefinitionsFor(prepared.value.source, input.tools, []);
    return prisma.$transaction(async (tx) => {
      const project = await tx.project.findFirst({ where: { id: input.projectId, deletedAt: null }, select: { workspaceId: true } });
      if (!project) throw new TRPCError({ code: 'NOT_FOUND', message: `No project '${input.projectId}'` });
      await enforcePromptLimit(tx, project.workspaceId);
      const prompt = await tx.prompt.create({
        data: {
          projectId: input.projectId,
          workspaceId: project.workspaceId,
          name: input.name,
          description: input.description ?? null,
          latestVersionNumber: 1,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      const partialVersionIds = await recordPartials(
        tx,
        actor,
        { projectId: input.projectId, workspaceId: project.workspaceId },
        prepared.value.source,
        input.partials,
      );
      const version = await tx.promptVersion.create({
        data: {
          ...versionData(prepared.value, actor, input.message),
          partialVersionIds,
          toolDefinitions: storedToolDefinitions(toolDefinitions),
          promptId: prompt.id,
          number: 1,
        },
        select: versionSelect,
      });
      const created = toVersion(version);
      await publishVersionCreated(tx, { id: prompt.id, name: input.name, projectId: input.projectId, workspaceId: project.workspaceId }, created);
      return { promptId: prompt.id, version: created, created: true };
    }, WRITE_TRANSACTION_OPTIONS);
  });
}

/**
 * Locks the workspace row, then counts its live prompts: two creates racing for the last slot
 * run one after the other, so the limit holds exactly.
 */
async function enforcePromptLimit(tx: TransactionClient, workspaceId: string): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ maxPrompts: number | null }>>`
    SELECT "maxPrompts" FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
  const max = rows[0]?.maxPrompts;
  if (max === null || max === undefined) return;
  const count = await tx.prompt.count({ where: { workspaceId, kind: 'PROMPT', deletedAt: null } });
  if (count >= max) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `This workspace has reached its limit of ${max} prompts; delete one or raise maxPrompts` });
  }
}

function versionData(
  prepared: { source: string; contentHash: string; model: string | null; config: Record<string, unknown>; variables: string[] },
  actor: Actor,
  message: string | undefined,
) {
  return {
    source: prepared.source,
    contentHash: prepared.contentHash,
    model: prepared.model,
    // Round-trip through JSON so the Json column receives plain data (YAML may yield Dates etc.).
    config: JSON.parse(JSON.stringify(prepared.config)) as object,
    variables: prepared.variables,
    authorId: actor.userId,
    message: message ?? null,
  };
}

/**
 * Writes a new version of a prompt (and its name/description), serialized per prompt.
 * Throws NOT_FOUND for a missing or deleted prompt, CONFLICT (with `latest`) for a stale base.
 */
export async function writePromptVersion(prisma: PrismaClient, actor: Actor, promptId: string, write: VersionWrite): Promise<WriteOutcome> {
  return withResolvable(() =>
    prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ latestVersionNumber: number; projectId: string; workspaceId: string; name: string }>>`
      SELECT "latestVersionNumber", "projectId", "workspaceId", name FROM "Prompt" WHERE id = ${promptId} AND "deletedAt" IS NULL FOR UPDATE`;
      const row = locked[0];
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${promptId}'` });
      const latestRow =
        row.latestVersionNumber > 0
          ? await tx.promptVersion.findUnique({ where: { promptId_number: { promptId, number: row.latestVersionNumber } }, select: versionSelect })
          : null;
      const latest = latestRow ? toVersion(latestRow) : null;
      if (write.baseVersion !== undefined && write.baseVersion !== row.latestVersionNumber) {
        throw versionConflictError(write.baseVersion, latest);
      }
      await updateMetadata(tx, promptId, write);
      const touchesSource =
        'source' in write.edit || write.edit.content !== undefined || write.edit.model !== undefined || write.edit.temperature !== undefined;
      if (!touchesSource) return { promptId, version: latest, created: false };
      const prepared = preparePromptSource(sourceOf(write.edit, latest?.source));
      if (!prepared.ok) throw badSource(prepared.message);
      const recordedWithLatest = latest ? await latestRecords(tx, latest.id) : { partials: {}, tools: [] };
      const toolDefinitions = toolDefinitionsFor(prepared.value.source, write.tools, recordedWithLatest.tools);
      const partialVersionIds = await recordPartials(tx, actor, row, prepared.value.source, write.partials);
      // The `promptstack.*` link lines are the file's business: a source differing only by them is the same version.
      if (
        latest &&
        sameContent(prepared.value.source, latest.source) &&
        samePartialVersions(partialVersionIds, recordedWithLatest.partials) &&
        sameToolDefinitions(toolDefinitions, recordedWithLatest.tools)
      ) {
        return { promptId, version: latest, created: false };
      }
      const number = row.latestVersionNumber + 1;
      const version = await tx.promptVersion.create({
        data: {
          ...versionData(prepared.value, actor, write.message),
          partialVersionIds,
          toolDefinitions: storedToolDefinitions(toolDefinitions),
          promptId,
          number,
        },
        select: versionSelect,
      });
      await tx.prompt.update({ where: { id: promptId }, data: { latestVersionNumber: number }, select: { id: true } });
      const created = toVersion(version);
      await publishVersionCreated(tx, { id: promptId, name: write.name ?? row.name, projectId: row.projectId, workspaceId: row.workspaceId }, created);
      return { promptId, version: created, created: true };
    }, WRITE_TRANSACTION_OPTIONS),
  );
}

/** What the latest version was recorded with: its partial versions and tool definitions. */
async function latestRecords(tx: TransactionClient, versionId: string) {
  const row = await tx.promptVersion.findUnique({ where: { id: versionId }, select: { partialVersionIds: true, toolDefinitions: true } });
  return { partials: toPartialVersionIds(row?.partialVersionIds), tools: toToolDefinitions(row?.toolDefinitions) };
}

/** Announces a new version to the workspace's webhooks, in the transaction that writes it. */
function publishVersionCreated(
  tx: TransactionClient,
  prompt: { id: string; name: string; projectId: string; workspaceId: string },
  version: VersionOutput,
): Promise<unknown> {
  return publishEvent(tx, {
    workspaceId: prompt.workspaceId,
    type: 'prompt.version.created',
    data: {
      prompt: { id: prompt.id, name: prompt.name, projectId: prompt.projectId },
      version: {
        number: version.number,
        contentHash: version.contentHash,
        model: version.model,
        message: version.message,
        authorId: version.authorId,
        createdAt: version.createdAt,
      },
    },
  });
}

async function updateMetadata(tx: TransactionClient, promptId: string, write: VersionWrite): Promise<void> {
  const data: { name?: string; description?: string | null } = {};
  if (write.name !== undefined) data.name = write.name;
  if (write.description !== undefined) data.description = write.description;
  if (Object.keys(data).length > 0) await tx.prompt.update({ where: { id: promptId }, data, select: { id: true } });
}

/**
 * Locks a live prompt's row (what every label move and deletion does first, so they happen one at a
 * time per prompt) and answers its workspace; NOT_FOUND for a missing or deleted prompt.
 */
export async function lockLivePrompt(tx: TransactionClient, promptId: string): Promise<{ workspaceId: string }> {
  const rows = await tx.$queryRaw<Array<{ workspaceId: string }>>`
    SELECT "workspaceId" FROM "Prompt" WHERE id = ${promptId} AND "deletedAt" IS NULL FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${promptId}'` });
  return row;
}

/**
 * Soft-deletes a prompt: it disappears from the API, its versions, labels and runs stay. Its
 * running experiments stop (`prompt-deleted`, with `experiment.stopped` published) in the same
 * transaction; the prompt row is locked first, as every label move locks it, so no split starts
 * or ends meanwhile.
 */
export async function deletePrompt(prisma: PrismaClient, promptId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockLivePrompt(tx, promptId);
    await tx.prompt.update({ where: { id: promptId }, data: { deletedAt: new Date() }, select: { id: true } });
    await stopPromptExperimentsIn(tx, promptId, 'prompt-deleted', 'The prompt was deleted');
  }, WRITE_TRANSACTION_OPTIONS);
}

/** Definitions as the Json column takes them (already plain JSON). */
function storedToolDefinitions(tools: ToolDefinition[]): object[] {
  return tools as object[];
}
