/**
 * One webhook: its URL and events, pause or resume (a stopped webhook says why and since when: a
 * pause, or a receiver that answered 410 Gone), a new signing secret (shown once; the previous one
 * keeps signing until the time shown), deletion, and its delivery log.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { OneTimeSecret } from '../../components/OneTimeSecret.tsx';
import { formatWhen } from '../../components/labelFormat.ts';
import { ActionError } from '../../components/States.tsx';
import { WebhookDeliveries } from './WebhookDeliveries.tsx';

type Webhook = Awaited<ReturnType<typeof api.webhooks.list.query>>[number];

export function WebhookItem({ workspaceId, webhook }: { workspaceId: string; webhook: Webhook }) {
  const client = useQueryClient();
  const [logOpen, setLogOpen] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['webhooks', workspaceId] });
  const toggle = useMutation({ mutationFn: () => api.webhooks.update.mutate({ id: webhook.id, active: !webhook.active }), onSuccess: refresh });
  const rotate = useMutation({ mutationFn: () => api.webhooks.rotateSecret.mutate({ id: webhook.id }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => api.webhooks.delete.mutate({ id: webhook.id }), onSuccess: refresh });
  return (
    <li className="panel" aria-label={`Webhook ${webhook.url}`}>
      <p>
        <code className="url">{webhook.url}</code> <span className="badge">{webhook.active ? 'active' : 'paused'}</span>
      </p>
      {webhook.description ? <p>{webhook.description}</p> : null}
      <p className="meta">
        Events: {webhook.events.join(', ')} · created {new Date(webhook.createdAt).toLocaleDateString()}
      </p>
      {webhook.active ? null : (
        <p>
          Deliveries stopped{webhook.disabledAt ? ` on ${formatWhen(webhook.disabledAt)}` : ''}: {webhook.disabledReason ?? 'paused'}. Events are not sent while
          it is stopped; Resume deliveries sends the next ones, and a failed delivery can then be resent from the log.
        </p>
      )}
      {webhook.previousSecretExpiresAt ? (
        <p className="meta">
          The previous secret still verifies until {formatWhen(webhook.previousSecretExpiresAt)}: each request is signed with both until then, so switch the
          receiver to the new secret before that.
        </p>
      ) : null}
      <div className="inline actions">
        <button type="button" className="secondary" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
          {webhook.active ? 'Pause deliveries' : 'Resume deliveries'}
        </button>
        <ConfirmButton
          label="New secret"
          name={`New secret for the webhook ${webhook.url}`}
          question="Replace the signing secret? Requests are signed with the new one, and with the old one too for a while, so the receiver has time to switch."
          confirmLabel="Yes, replace it"
          disabled={rotate.isPending}
          onConfirm={() => rotate.mutate()}
        />
        <ConfirmButton
          label="Delete"
          name={`Delete the webhook ${webhook.url}`}
          question="Delete this webhook and its delivery log?"
          confirmLabel="Yes, delete"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate()}
        />
      </div>
      {rotate.data ? (
        <OneTimeSecret secret={rotate.data.secret} what="the new signing secret">
          Give the new signing secret to the receiver: later requests are signed with it (and with the previous one until the time shown above).
        </OneTimeSecret>
      ) : null}
      <ActionError error={toggle.error ?? rotate.error ?? remove.error} />
      <details onToggle={(e) => setLogOpen(e.currentTarget.open)}>
        <summary>Delivery log</summary>
        {logOpen ? <WebhookDeliveries webhookId={webhook.id} active={webhook.active} /> : null}
      </details>
    </li>
  );
}
