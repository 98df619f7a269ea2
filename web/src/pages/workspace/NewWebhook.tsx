/** The form that subscribes a URL to events; the signing secret is shown here once, with a copy button. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { CheckboxGroup } from '../../components/CheckboxGroup.tsx';
import { OneTimeSecret } from '../../components/OneTimeSecret.tsx';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhookEvents.ts';
import { ActionError } from '../../components/States.tsx';

export function NewWebhook({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['label.moved']);
  const create = useMutation({
    mutationFn: () => api.webhooks.create.mutate({ id: workspaceId, url: url.trim(), events, description: description.trim() || null }),
    onSuccess: async () => {
      setUrl('');
      setDescription('');
      await client.invalidateQueries({ queryKey: ['webhooks', workspaceId] });
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section aria-labelledby="new-webhook-title" className="panel">
      <h2 id="new-webhook-title">New webhook</h2>
      <form onSubmit={onSubmit}>
        <label>
          URL that receives the events (http or https)
          <input name="webhookUrl" type="url" required maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          Description (optional)
          <input name="webhookDescription" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <CheckboxGroup legend="Events" name="events" options={WEBHOOK_EVENTS} value={events} onChange={setEvents} />
        <button type="submit" disabled={create.isPending || events.length === 0}>
          Create webhook
        </button>
        {events.length === 0 ? <p className="meta">Pick at least one event.</p> : null}
      </form>
      <ActionError error={create.error} />
      {create.data ? (
        <OneTimeSecret secret={create.data.secret} what="the signing secret">
          Give this signing secret to the receiver, which verifies every request with it (Standard Webhooks).
        </OneTimeSecret>
      ) : null}
    </section>
  );
}
