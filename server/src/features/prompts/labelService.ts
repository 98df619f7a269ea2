/**
 * The only code that moves or removes labels. A label names one version of one prompt; moving it
 * is an upsert on (promptId, name), so two concurrent moves leave exactly one label.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { LabelOutput } from './promptSchemas.ts';
import { labelSelect, toLabel } from './promptSelects.ts';
import type { Actor } from './promptService.ts';

/** Points label `name` of a live prompt at its version `versionNumber`, creating the label if needed. */
export async function setLabel(prisma: PrismaClient, actor: Actor, input: { id: string; name: string; versionNumber: number }): Promise<LabelOutput> {
  const version = await prisma.promptVersion.findFirst({
    where: { promptId: input.id, number: input.versionNumber, prompt: { deletedAt: null } },
    select: { id: true },
  });
  if (!version) {
    const exists = await prisma.prompt.count({ where: { id: input.id, deletedAt: null } });
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: exists ? `Prompt '${input.id}' has no version ${input.versionNumber}` : `No prompt '${input.id}'`,
    });
  }
  const label = await prisma.promptLabel.upsert({
    where: { promptId_name: { promptId: input.id, name: input.name } },
    create: { promptId: input.id, name: input.name, versionId: version.id, updatedById: actor.userId },
    update: { versionId: version.id, updatedById: actor.userId },
    select: labelSelect,
  });
  return toLabel(label);
}

/** Removes label `name` from a live prompt; NOT_FOUND when there is no such label. */
export async function deleteLabel(prisma: PrismaClient, input: { id: string; name: string }): Promise<void> {
  const result = await prisma.promptLabel.deleteMany({ where: { promptId: input.id, name: input.name, prompt: { deletedAt: null } } });
  if (result.count === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${input.id}' has no label '${input.name}'` });
}
