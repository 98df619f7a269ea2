/** The events a webhook can subscribe to, and the JSON body every delivery of one carries. */

/** Every event type, as receivers see it in the body's `type`. */
export const WEBHOOK_EVENT_TYPES = ['prompt.version.created', 'label.moved', 'label.requested', 'experiment.stopped'] as const;

/** One event type, e.g. `label.moved`. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of a delivery, as the Standard Webhooks specification suggests: `{ type, timestamp, data }`. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the change happened (ISO 8601). */
  timestamp: string;
  data: Record<string, unknown>;
}
