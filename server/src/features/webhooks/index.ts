/**
 * What other features use of the webhooks feature: publishing an event in the transaction of the
 * change it reports, and the event types.
 */
export { publishEvent, type PublishedEvent } from './publishEvent.ts';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhookEvents.ts';
export { webhooksRouter } from './webhooksRouter.ts';
export { webhookJobs } from './webhookJobs.ts';
