/**
 * The only code that writes A/B tests: create (validate, snapshot the inputs, store the test and
 * its variants, then send its run jobs), cancel, and choose a winner (optionally moving a label).
 */
import { resolveModel } from '@promptstack/core/providers/resolveModel';
import { assertionSchema, type Assertion } from '@promptstack/core/testcases/schema';
import { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { queueOf } from '../../jobs/queueRegistry.ts';
import { assertMayMoveLabel } from '../governance/index.ts';
import { setLabelIn, WRITE_TRANSACTION_OPTIONS, type LabelMove } from '../prompts/index.ts';
import { checkRunnable } from '../runs/index.ts';
import { enforceSpendLimit } from '../runs/index.ts';
import { readToolScripts, targetPartials, targetTools, type RunTarget } from '../runs/index.ts';
import type { AbTestInputRow } from './abTestInputs.ts';
import { enqueueAbTest } from './abTestJobs.ts';
import { ACTIVE_STATUSES } from './abTestProgress.ts';
import { MAX_TOTAL_RUNS, type CreateAbTestInput } from './abTestSchemas.ts';

/** What the service needs from the request context. */
export interface AbTestDeps {
  db: Database;
  prisma: PrismaClient;
  logger: Logger;
}

function notFound(message: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message });
}

function badRequest(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message });
}

/**
 * A dataset item's assertions, checked again as they enter a test: an item saved before a rule
 * was added (a regex the linear-time engine cannot take) is a 400 naming it, not a test that fails every run.
 */
function storedAssertions(stored: unknown[], itemIndex: number): Assertion[] {
  return stored.map((assertion, i) => {
    const parsed = assertionSchema.safeParse(assertion);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `.${issue.path.join('.')}` : '';
    throw badRequest(`Dataset item ${itemIndex}: assertions[${i}]${where}: ${issue?.message ?? 'invalid'}`);
  });
}

/** The inputs as a snapshot: the dataset's items (in order) or the inline inputs. */
async function inputRows(prisma: PrismaClient, workspaceId: string, input: CreateAbTestInput): Promise<AbTestInputRow[]> {
  if (!input.datasetId) return (input.inputs ?? []).map((values) => ({ input: values }));
  const dataset = await prisma.dataset.findFirst({
    where: { id: input.datasetId, deletedAt: null, project: { workspaceId, deletedAt: null } },
    select: { items: { select: { id: true, input: true, assertions: true, tools: true }, orderBy: { index: 'asc' } } },
  });
  if (!dataset) throw notFound(`No dataset '${input.datasetId}'`);
  if (dataset.items.length === 0) throw badRequest(`Dataset '${input.datasetId}' has no items`);
  return dataset.items.map((item, index) => {
    const row: AbTestInputRow = { input: (item.input ?? {}) as Record<string, unknown>, datasetItemId: item.id };
    if (Array.isArray(item.assertions) && item.assertions.length) row.assertions = storedAssertions(item.assertions, index);
    const tools = readToolScripts(item.tools);
    if (tools) row.tools = tools;
    return row;
  });
}

interface ResolvedVariant {
  name: string;
  model: string;
  config: Record<string, unknown>;
  target: RunTarget;
}

/** Each variant's prompt (same workspace, else 404), version (given or latest) and model (given or the version's). */
async function resolveVariants(prisma: PrismaClient, workspaceId: string, input: CreateAbTestInput): Promise<ResolvedVariant[]> {
  const out: ResolvedVariant[] = [];
  for (const v of input.variants) {
    const prompt = await prisma.prompt.findFirst({
      where: { id: v.promptId, workspaceId, deletedAt: null },
      select: { projectId: true, latestVersionNumber: true },
    });
    if (!prompt) throw notFound(`No prompt '${v.promptId}'`);
    const version = v.versionId
      ? await prisma.promptVersion.findFirst({
          where: { id: v.versionId, promptId: v.promptId },
          select: { id: true, source: true, model: true, partialVersionIds: true, toolDefinitions: true },
        })
      : await prisma.promptVersion.findUnique({
          where: { promptId_number: { promptId: v.promptId, number: prompt.latestVersionNumber } },
          select: { id: true, source: true, model: true, partialVersionIds: true, toolDefinitions: true },
        });
    if (!version) throw notFound(v.versionId ? `Prompt '${v.promptId}' has no version '${v.versionId}'` : `Prompt '${v.promptId}' has no version yet`);
    const model = v.model ?? version.model;
    if (!model) throw badRequest(`Variant '${v.name}': no model given and the version names none`);
    const resolved = resolveModel(model);
    if (!resolved.ok) throw badRequest(`Variant '${v.name}': ${resolved.message}`);
    out.push({
      name: v.name,
      model,
      config: v.config ?? {},
      target: {
        workspaceId,
        projectId: prompt.projectId,
        promptId: v.promptId,
        versionId: version.id,
        source: version.source,
        partials: await targetPartials(prisma, version),
        tools: targetTools(version),
      },
    });
  }
  return out;
}

/** Every input must render for every variant before anything is queued (400 naming both). */
async function checkInputs(variants: readonly ResolvedVariant[], rows: readonly AbTestInputRow[]): Promise<void> {
  for (const variant of variants) {
    for (const [index, row] of rows.entries()) {
      try {
        await checkRunnable(variant.target, { input: row.input, model: variant.model, config: variant.config });
      } catch (error) {
        const message = error instanceof TRPCError ? error.message : 'the input cannot be rendered';
        throw badRequest(`Variant '${variant.name}', input ${index}: ${message}`);
      }
    }
  }
}

/** Creates a test (status queued) and sends its runs; answers its id at once. */
export async function createAbTest(deps: AbTestDeps, actor: { userId: string; workspaceId: string }, input: CreateAbTestInput): Promise<{ id: string }> {
  const { prisma } = deps;
  const project = await prisma.project.findFirst({ where: { id: input.projectId, workspaceId: actor.workspaceId, deletedAt: null }, select: { id: true } });
  if (!project) throw notFound(`No project '${input.projectId}'`);
  const rows = await inputRows(prisma, actor.workspaceId, input);
  const total = rows.length * input.runsPerInput * input.variants.length;
  if (total > MAX_TOTAL_RUNS) {
    throw badRequest(
      `This test would make ${total} runs (${input.variants.length} variants x ${rows.length} inputs x ${input.runsPerInput}); the limit is ${MAX_TOTAL_RUNS}`,
    );
  }
  const variants = await resolveVariants(prisma, actor.workspaceId, input);
  await checkInputs(variants, rows);
  await enforceSpendLimit(prisma, actor.workspaceId);
  const base = Date.now();
  const test = await prisma.abTest.create({
    data: {
      workspaceId: actor.workspaceId,
      projectId: input.projectId,
      name: input.name,
      status: 'QUEUED',
      primaryMetric: input.primaryMetric,
      runsPerInput: input.runsPerInput,
      inputs: JSON.parse(JSON.stringify(rows)) as object,
      datasetId: input.datasetId ?? null,
      totalRuns: total,
      createdById: actor.userId,
      variants: {
        // Distinct timestamps keep the variants in the order given (A before B in the analysis).
        create: variants.map((v, i) => ({
          name: v.name,
          promptId: v.target.promptId,
          versionId: v.target.versionId,
          model: v.model,
          config: JSON.parse(JSON.stringify(v.config)) as object,
          createdAt: new Date(base + i),
        })),
      },
    },
    select: { id: true },
  });
  const queue = queueOf(deps.db);
  if (queue) {
    // The rows are the record; a failed send is repeated by the next queue start (reconcile).
    await enqueueAbTest(queue, prisma, test.id).catch((error: unknown) => deps.logger.error({ err: error, abTestId: test.id }, 'could not send A/B runs'));
  }
  return test;
}

/**
 * Stops a queued or running test. The UPDATE waits for run starts claimed meanwhile (see
 * abTestRunStart.ts), so once it returns no run starts on any server; this process's calls in
 * flight are aborted now, other servers' within a second by their watcher.
 */
export async function cancelAbTest(deps: AbTestDeps, id: string): Promise<void> {
  const updated = await deps.prisma.abTest.updateMany({
    where: { id, status: { in: [...ACTIVE_STATUSES, 'DRAFT'] } },
    data: { status: 'CANCELLED', completedAt: new Date() },
  });
  if (updated.count === 0) {
    const row = await deps.prisma.abTest.findUnique({ where: { id }, select: { status: true } });
    if (!row) throw notFound(`No A/B test '${id}'`);
    throw new TRPCError({ code: 'CONFLICT', message: `The test is already ${row.status.toLowerCase()}` });
  }
  queueOf(deps.db)?.abortGroup(id);
}

/** Records the chosen variant and, with `moveLabel`, points that label of its prompt at its version (a protected label only as an Admin). */
export async function chooseWinner(
  prisma: PrismaClient,
  move: LabelMove & { actor: { kind: 'user'; userId: string } },
  input: { id: string; variantId: string; moveLabel?: string | undefined },
): Promise<void> {
  const variant = await prisma.abTestVariant.findFirst({
    where: { id: input.variantId, abTestId: input.id },
    select: { promptId: true, version: { select: { number: true } } },
  });
  if (!variant) throw notFound(`A/B test '${input.id}' has no variant '${input.variantId}'`);
  const moveLabel = input.moveLabel;
  if (moveLabel) await assertMayMoveLabel(prisma, { promptId: variant.promptId, label: moveLabel, actor: move.actor });
  await prisma.$transaction(async (tx) => {
    if (moveLabel) await setLabelIn(tx, { id: variant.promptId, name: moveLabel, versionNumber: variant.version.number }, move);
    await tx.abTest.update({
      where: { id: input.id },
      data: { winnerVariantId: input.variantId, winnerChosenById: move.actor.userId, winnerChosenAt: new Date() },
    });
  }, WRITE_TRANSACTION_OPTIONS);
}
