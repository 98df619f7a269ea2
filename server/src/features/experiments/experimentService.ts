/**
 * Live experiments: reading them (a prompt's list, one by id) and promoting a winner. Starting
 * one is a label move (`PUT .../labels/{name}` with a split, through the prompts feature's
 * labelService), and so is promoting: the label points at the winner alone and the experiment is
 * PROMOTED with its winner, in one transaction with the audit entry.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import { rawQuery, type RawDb } from '../../db/rawDb.ts';
import { setLabelIn, WRITE_TRANSACTION_OPTIONS, type LabelMove } from '../prompts/index.ts';
import type { ExperimentSettingsInput } from './experimentGuardrailSettings.ts';
import type { ExperimentOutput } from './experimentSchemas.ts';

/** The columns of an experiment the API shows. */
const experimentSelect = {
  id: true,
  promptId: true,
  labelName: true,
  status: true,
  stickyBy: true,
  controlVersionId: true,
  settings: true,
  startedById: true,
  startedByKeyId: true,
  startedAt: true,
  endedAt: true,
  endReason: true,
  winnerVersionId: true,
  arms: { select: { versionId: true, weight: true, isControl: true, version: { select: { number: true } } }, orderBy: { version: { number: 'asc' } } },
} as const;

interface ExperimentRow {
  id: string;
  promptId: string;
  labelName: string;
  status: ExperimentOutput['status'];
  stickyBy: string | null;
  controlVersionId: string;
  settings: unknown;
  startedById: string | null;
  startedByKeyId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  winnerVersionId: string | null;
  arms: Array<{ versionId: string; weight: number; isControl: boolean; version: { number: number } }>;
}

/** An experiment row as the API shows it (version ids become version numbers). */
function toExperiment(row: ExperimentRow): ExperimentOutput {
  const numberOf = (versionId: string | null) => row.arms.find((arm) => arm.versionId === versionId)?.version.number ?? null;
  const settings = typeof row.settings === 'object' && row.settings !== null && !Array.isArray(row.settings) ? (row.settings as Record<string, unknown>) : {};
  return {
    id: row.id,
    promptId: row.promptId,
    label: row.labelName,
    status: row.status,
    stickyBy: row.stickyBy,
    controlVersion: numberOf(row.controlVersionId) ?? 0,
    arms: row.arms.map((arm) => ({ version: arm.version.number, weight: arm.weight, isControl: arm.isControl })),
    settings,
    startedById: row.startedById,
    startedByKeyId: row.startedByKeyId,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
    winnerVersion: numberOf(row.winnerVersionId),
  };
}

/**
 * The workspace and project of an experiment's live prompt and the signed-in caller's role there
 * (null for an API key), in one query, for the access check; null when there is no such experiment.
 */
export async function experimentWorkspaceAndRole(
  raw: RawDb,
  experimentId: string,
  userId: string | null,
): Promise<{ workspaceId: string; projectId: string; role: Role | null } | null> {
  const rows = await rawQuery<{ workspaceId: string; projectId: string; role: Role | null }>(
    raw,
    `
    SELECT p."workspaceId", p."projectId", m.role::text AS role
      FROM "Experiment" e
      JOIN "Prompt" p ON p.id = e."promptId" AND p."deletedAt" IS NULL
      LEFT JOIN "Membership" m ON m."workspaceId" = p."workspaceId" AND m."userId" = $2
     WHERE e.id = $1`,
    [experimentId, userId],
  );
  return rows[0] ?? null;
}

/** A prompt's experiments, newest first (at most `limit`), optionally only those with `status`. */
export async function listExperiments(
  prisma: PrismaClient,
  input: { id: string; status?: ExperimentOutput['status'] | undefined; limit: number },
): Promise<{ items: ExperimentOutput[] }> {
  const rows = await prisma.experiment.findMany({
    where: { promptId: input.id, ...(input.status ? { status: input.status } : {}) },
    select: experimentSelect,
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
  });
  return { items: rows.map(toExperiment) };
}

/** One experiment; NOT_FOUND when there is none. */
export async function getExperiment(prisma: PrismaClient, id: string): Promise<ExperimentOutput> {
  const row = await prisma.experiment.findUnique({ where: { id }, select: experimentSelect });
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No experiment '${id}'` });
  return toExperiment(row);
}

/**
 * Changes a running experiment's guardrail settings (merged over the stored ones) and answers the
 * experiment; CONFLICT when it no longer runs. The next evaluation applies them.
 */
export async function updateGuardrails(
  prisma: PrismaClient,
  input: { id: string; settings: Omit<ExperimentSettingsInput, 'alpha'> },
): Promise<ExperimentOutput> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ status: string; settings: unknown }>>`
      SELECT status::text AS status, settings FROM "Experiment" WHERE id = ${input.id} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No experiment '${input.id}'` });
    if (row.status !== 'RUNNING')
      throw new TRPCError({ code: 'CONFLICT', message: `Experiment '${input.id}' is ${row.status.toLowerCase()}: its guardrails no longer apply` });
    const stored = row.settings && typeof row.settings === 'object' && !Array.isArray(row.settings) ? (row.settings as Record<string, unknown>) : {};
    const updated = await tx.experiment.update({
      where: { id: input.id },
      data: { settings: { ...stored, ...input.settings } as Prisma.InputJsonObject },
      select: experimentSelect,
    });
    return toExperiment(updated);
  }, WRITE_TRANSACTION_OPTIONS);
}

/**
 * Promotes arm `version` of a running experiment: its label points at that version alone and the
 * experiment is PROMOTED with it as winner, audited as `move` says, in one transaction. CONFLICT
 * when the experiment no longer runs; BAD_REQUEST when the version is not one of its arms.
 */
export async function promoteExperiment(prisma: PrismaClient, input: { id: string; version: number }, move: LabelMove): Promise<ExperimentOutput> {
  return prisma.$transaction(async (tx) => {
    const experiment = await tx.experiment.findUnique({ where: { id: input.id }, select: experimentSelect });
    if (!experiment) throw new TRPCError({ code: 'NOT_FOUND', message: `No experiment '${input.id}'` });
    if (experiment.status !== 'RUNNING') {
      throw new TRPCError({ code: 'CONFLICT', message: `Experiment '${input.id}' is ${experiment.status.toLowerCase()}, not running: nothing to promote` });
    }
    const arm = experiment.arms.find((a) => a.version.number === input.version);
    if (!arm) {
      const versions = experiment.arms.map((a) => a.version.number).join(', ');
      throw new TRPCError({ code: 'BAD_REQUEST', message: `Version ${input.version} is not an arm of experiment '${input.id}' (arms: ${versions})` });
    }
    // setLabelIn locks the prompt and re-checks that this experiment still runs on the label.
    await setLabelIn(tx, { id: experiment.promptId, name: experiment.labelName, versionNumber: input.version }, move, {
      experimentId: experiment.id,
      status: 'PROMOTED',
      endReason: 'promoted',
      winnerVersionId: arm.versionId,
    });
    const promoted = await tx.experiment.findUniqueOrThrow({ where: { id: input.id }, select: experimentSelect });
    return toExperiment(promoted);
  }, WRITE_TRANSACTION_OPTIONS);
}
