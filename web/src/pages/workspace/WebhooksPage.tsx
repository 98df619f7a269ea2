/**
 * A workspace's webhooks, for Admins: subscribe a URL to events (its signing secret shown once),
 * the list with pause and resume, a new secret, deletion, and each webhook's delivery log.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { AdminOnlyPage } from './AdminOnlyPage.tsx';
import { NewWebhook } from './NewWebhook.tsx';
import { WebhookItem } from './WebhookItem.tsx';

export function WebhooksPage() {
  return (
    <AdminOnlyPage
      title="Webhooks"
      what="webhooks"
      intro="PromptStack POSTs each event to the URLs subscribed to it, signed with the webhook's secret, and retries until the receiver answers 2xx."
    >
      {(workspaceId) => <Webhooks workspaceId={workspaceId} />}
    </AdminOnlyPage>
  );
}

function Webhooks({ workspaceId }: { workspaceId: string }) {
  const webhooks = useQuery({ queryKey: ['webhooks', workspaceId], queryFn: () => api.webhooks.list.query({ id: workspaceId }) });
  return (
    <>
      <NewWebhook workspaceId={workspaceId} />
      <h2>Webhooks</h2>
      {webhooks.isPending ? <Loading what="webhooks" /> : null}
      {webhooks.isError ? <ErrorState error={webhooks.error} retry={() => void webhooks.refetch()} /> : null}
      {webhooks.data?.length === 0 ? <p className="meta">No webhooks yet. Create one above to be told of new versions, label moves and experiments.</p> : null}
      <ul className="plain">
        {webhooks.data?.map((webhook) => (
          <WebhookItem key={webhook.id} workspaceId={workspaceId} webhook={webhook} />
        ))}
      </ul>
    </>
  );
}
