/**
 * What a run executes: a live prompt's version (the latest, or one named by id) with its
 * workspace and project, read once so the run records where it belongs.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ToolDefinition } from '@promptstack/core';
import { partialSources, toPartialVersionIds, toToolDefinitions } from '../prompts/index.ts';

/** A version ready to run, with the ids its TestRun records. */
export interface RunTarget {
  workspaceId: string;
  projectId: string;
  promptId: string;
  versionId: string;
  /** The whole `.prompt` source of the version. */
  source: string;
  /** The partials the version was pushed with (name -> text), rendered with it. */
  partials: Record<string, string>;
  /** The tool definitions the version was pushed with (what its `tools:` names resolved to). */
  tools: ToolDefinition[];
}

/** The partial texts a version row records, for its RunTarget. */
export function targetPartials(prisma: PrismaClient, version: { partialVersionIds: unknown }): Promise<Record<string, string>> {
  return partialSources(prisma, toPartialVersionIds(version.partialVersionIds));
}

/** The tool definitions a version row records, for its RunTarget. */
export function targetTools(version: { toolDefinitions: unknown }): ToolDefinition[] {
  return toToolDefinitions(version.toolDefinitions);
}

/** Finds the version to run; NOT_FOUND names a missing prompt or a version of another prompt. */
export async function resolveRunTarget(prisma: PrismaClient, promptId: string, versionId?: string): Promise<RunTarget> {
  const prompt = await prisma.prompt.findFirst({
    where: { id: promptId, deletedAt: null },
    select: { workspaceId: true, projectId: true, latestVersionNumber: true },
  });
  if (!prompt) throw new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${promptId}'` });
  const version = versionId
    ? await prisma.promptVersion.findFirst({
        where: { id: versionId, promptId },
        select: { id: true, source: true, partialVersionIds: true, toolDefinitions: true },
      })
    : await prisma.promptVersion.findUnique({
        where: { promptId_number: { promptId, number: prompt.latestVersionNumber } },
        select: { id: true, source: true, partialVersionIds: true, toolDefinitions: true },
      });
  if (!version) {
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: versionId ? `Prompt '${promptId}' has no version '${versionId}'` : `Prompt '${promptId}' has no version yet`,
    });
  }
  return {
    workspaceId: prompt.workspaceId,
    projectId: prompt.projectId,
    promptId,
    versionId: version.id,
    source: version.source,
    partials: await targetPartials(prisma, version),
    tools: targetTools(version),
  };
}
