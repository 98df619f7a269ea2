/**
 * The only code that writes webhooks: create (the signing secret is answered once and stored
 * sealed), update, delete, rotate the secret. Callers have checked the caller's role; every
 * function takes the workspace the webhook must belong to, so one outside it is a 404.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Env } from '../../env.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhookEvents.ts';
import type { WebhookOutput } from './webhookSchemas.ts';
import { newSigningSecret, sealSigningSecret } from './webhookSecret.ts';
import { webhookUrlProblem } from './webhookUrl.ts';

const webhookSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  active: true,
  disabledReason: true,
  disabledAt: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

type WebhookRow = Prisma.WebhookGetPayload<{ select: typeof webhookSelect }>;

/** Why a webhook paused through the API is disabled. */
const PAUSED_REASON = 'Paused by an admin';

/** A row as the API shows it; unknown stored event names (from a newer server) are left out. */
export function toWebhook(row: WebhookRow, now: Date = new Date()): WebhookOutput {
  const overlapEnds = row.previousSecretExpiresAt;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: WEBHOOK_EVENT_TYPES.filter((type) => row.events.includes(type)),
    active: row.active,
    disabledReason: row.active ? null : row.disabledReason,
    disabledAt: row.active ? null : (row.disabledAt?.toISOString() ?? null),
    previousSecretExpiresAt: overlapEnds && overlapEnds > now ? overlapEnds.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 400 when `url` may not be targeted here (see webhookUrl.ts). */
function checkUrl(env: Env, url: string): void {
  const problem = webhookUrlProblem(url, env.webhooks.allowPrivateUrls);
  if (problem) {
    const hint = problem.includes('must not target') ? ' (a server admin can allow private targets with WEBHOOK_ALLOW_PRIVATE_URLS)' : '';
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${problem}${hint}` });
  }
}

function notFound(webhookId: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `No webhook '${webhookId}'` });
}

/** The workspace a webhook belongs to, or null: what the routes' locator reads. */
export async function webhookWorkspaceId(prisma: PrismaClient, webhookId: string): Promise<string | null> {
  const row = await prisma.webhook.findUnique({ where: { id: webhookId }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

/** What a new webhook needs. */
export interface NewWebhook {
  url: string;
  events: WebhookEventType[];
  description?: string | null | undefined;
}

/** Creates a webhook; the answer holds its signing secret, which is never shown again. */
export async function createWebhook(
  prisma: PrismaClient,
  env: Env,
  workspaceId: string,
  createdById: string,
  input: NewWebhook,
): Promise<WebhookOutput & { secret: string }> {
  checkUrl(env, input.url);
  const id = randomUUID();
  const secret = newSigningSecret();
  const row = await prisma.webhook.create({
    data: {
      id,
      workspaceId,
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      createdById,
      ...sealSigningSecret(env.credentialsSecret, { id, workspaceId }, secret),
    },
    select: webhookSelect,
  });
  return { ...toWebhook(row), secret };
}

/** The workspace's webhooks, oldest first. */
export async function listWebhooks(prisma: PrismaClient, workspaceId: string): Promise<WebhookOutput[]> {
  const rows = await prisma.webhook.findMany({ where: { workspaceId }, select: webhookSelect, orderBy: { createdAt: 'asc' } });
  return rows.map((row) => toWebhook(row));
}

/**
 * Changes the fields given; the secret stays. `active: false` pauses deliveries (recorded as paused
 * by an admin unless already disabled, e.g. by a 410); `active: true` resumes them and clears why
 * and when it was disabled.
 */
export async function updateWebhook(
  prisma: PrismaClient,
  env: Env,
  workspaceId: string,
  webhookId: string,
  input: { url?: string | undefined; events?: WebhookEventType[] | undefined; description?: string | null | undefined; active?: boolean | undefined },
): Promise<WebhookOutput> {
  if (input.url !== undefined) checkUrl(env, input.url);
  return prisma.$transaction(async (tx) => {
    const current = await tx.webhook.findFirst({ where: { id: webhookId, workspaceId }, select: { active: true } });
    if (!current) throw notFound(webhookId);
    const pausing = input.active === false && current.active;
    const data = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.active === true ? { active: true, disabledReason: null, disabledAt: null } : {}),
      ...(pausing ? { active: false, disabledReason: PAUSED_REASON, disabledAt: new Date() } : {}),
    };
    return toWebhook(await tx.webhook.update({ where: { id: webhookId }, data, select: webhookSelect }));
  });
}

/** Deletes a webhook with its delivery log; jobs still queued for it find nothing and do nothing. */
export async function deleteWebhook(prisma: PrismaClient, workspaceId: string, webhookId: string): Promise<void> {
  const deleted = await prisma.webhook.deleteMany({ where: { id: webhookId, workspaceId } });
  if (deleted.count === 0) throw notFound(webhookId);
}

/**
 * Replaces the signing secret; the answer holds the new one. Attempts from now on are signed with
 * it and, for `WEBHOOK_SECRET_OVERLAP_HOURS` (24 h by default), with the secret it replaces too, so
 * a receiver still verifying with that one keeps accepting deliveries until it switches. A second
 * rotation within the window drops the oldest secret.
 */
export async function rotateWebhookSecret(prisma: PrismaClient, env: Env, workspaceId: string, webhookId: string): Promise<WebhookOutput & { secret: string }> {
  const secret = newSigningSecret();
  const now = new Date();
  const overlapMs = env.webhooks.secretOverlapHours * 60 * 60 * 1000;
  return prisma.$transaction(async (tx) => {
    // Locked so two rotations at once each keep the secret the other replaced, never lose one.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Webhook" WHERE id = ${webhookId} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    if (!locked[0]) throw notFound(webhookId);
    const old = await tx.webhook.findUniqueOrThrow({ where: { id: webhookId }, select: { encryptedSecret: true, secretIv: true, secretTag: true } });
    const previous =
      overlapMs > 0
        ? {
            previousEncryptedSecret: old.encryptedSecret,
            previousSecretIv: old.secretIv,
            previousSecretTag: old.secretTag,
            previousSecretExpiresAt: new Date(now.getTime() + overlapMs),
          }
        : { previousEncryptedSecret: null, previousSecretIv: null, previousSecretTag: null, previousSecretExpiresAt: null };
    const row = await tx.webhook.update({
      where: { id: webhookId },
      data: { ...sealSigningSecret(env.credentialsSecret, { id: webhookId, workspaceId }, secret), ...previous },
      select: webhookSelect,
    });
    return { ...toWebhook(row, now), secret };
  });
}
