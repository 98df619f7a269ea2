/** Zod inputs and outputs of the webhook procedures. */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { WEBHOOK_EVENT_TYPES } from './webhookEvents.ts';

/** One event type a webhook can subscribe to. */
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

const urlSchema = z.url({ protocol: /^https?$/, message: 'url must be an absolute http:// or https:// URL' }).max(2000);
const eventsSchema = z
  .array(webhookEventTypeSchema)
  .min(1, 'a webhook needs at least one event')
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, 'events must not repeat');

/** `POST /api/workspaces/{id}/webhooks` */
export const createWebhookInput = z.object({
  id: idSchema,
  url: urlSchema,
  events: eventsSchema,
  description: z.string().trim().max(500).nullish(),
});

/** `PUT /api/webhooks/{id}`: only the fields given change. */
export const updateWebhookInput = z.object({
  id: idSchema,
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  description: z.string().trim().max(500).nullish(),
  active: z.boolean().optional(),
});

/** Names a workspace's webhooks. */
export const workspaceWebhooksInput = z.object({ id: idSchema });

/** Names one webhook. */
export const webhookRefInput = z.object({ id: idSchema });

/** `GET /api/webhooks/{id}/deliveries?page=&pageSize=` */
export const listDeliveriesInput = z.object({
  id: idSchema,
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/** `POST /api/webhooks/{id}/deliveries/{deliveryId}/resend` */
export const deliveryRefInput = z.object({ id: idSchema, deliveryId: idSchema });

/** A webhook as lists show it: never the secret. */
export const webhookOutput = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(webhookEventTypeSchema),
  active: z.boolean(),
  /** Why deliveries stopped while `active` is false: a receiver's 410 Gone, or a pause; null while active. */
  disabledReason: z.string().nullable(),
  /** When deliveries stopped; null while active. */
  disabledAt: z.string().nullable(),
  /** Until when the secret replaced by the latest rotation still signs deliveries beside the current one; null when it no longer does. */
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The answer to a creation or a secret rotation: the webhook plus its signing secret, shown this once. */
export const webhookWithSecretOutput = webhookOutput.extend({
  /** `whsec_...`: give it to the receiver's verifier now, it cannot be read again. */
  secret: z.string(),
});

/** One HTTP request of a delivery. */
export const attemptOutput = z.object({
  number: z.number().int(),
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  /** When the next attempt is due after this one; null when none follows. */
  nextAttemptAt: z.string().nullable(),
  /** Made by a resend. */
  manual: z.boolean(),
  createdAt: z.string(),
});

/** One event's delivery to the webhook, with its attempts (oldest first). */
export const deliveryOutput = z.object({
  id: z.string(),
  /** The message id (`webhook-id` header), the same on every attempt and resend. */
  messageId: z.string(),
  type: webhookEventTypeSchema,
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']),
  attemptCount: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  /** The body sent, parsed: `{ type, timestamp, data }`. */
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  attempts: z.array(attemptOutput),
});

/** A page of deliveries, newest first. */
export const deliveryPageOutput = z.object({
  items: z.array(deliveryOutput),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export type WebhookOutput = z.infer<typeof webhookOutput>;
export type DeliveryOutput = z.infer<typeof deliveryOutput>;
