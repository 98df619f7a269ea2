/** The events a webhook can subscribe to, as the server names them, with what each means. */
import type { api } from '../../api.ts';

/** One event type, e.g. `label.moved` (checked against the server's input type). */
export type WebhookEvent = Parameters<typeof api.webhooks.create.mutate>[0]['events'][number];

export const WEBHOOK_EVENTS: ReadonlyArray<{ value: WebhookEvent; help: string }> = [
  { value: 'prompt.version.created', help: 'a prompt gets a new version' },
  { value: 'label.moved', help: 'a label is set, moved, rolled back or removed' },
  { value: 'label.requested', help: 'someone asks for a move of a protected label' },
  { value: 'experiment.stopped', help: 'a live experiment stops (by hand, a guardrail, a label move, its prompt deleted)' },
];
