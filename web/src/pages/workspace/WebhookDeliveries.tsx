/**
 * A webhook's deliveries, newest first: event, status, attempts, the latest response code or error,
 * and when; Resend makes one more attempt now (same message id and body). Read again every 5 s while
 * a delivery is still being attempted.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ActionError, ErrorState, Loading } from '../../components/States.tsx';
import { TableRegion } from '../../components/TableRegion.tsx';

const PAGE_SIZE = 20;
const STATUS_NAMES = { PENDING: 'Being attempted', SUCCEEDED: 'Delivered', FAILED: 'Gave up' } as const;

export function WebhookDeliveries({ webhookId, active }: { webhookId: string; active: boolean }) {
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', webhookId, page],
    queryFn: () => api.webhooks.deliveries.query({ id: webhookId, page, pageSize: PAGE_SIZE }),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'PENDING') ? 5000 : false),
  });
  const resend = useMutation({
    mutationFn: (deliveryId: string) => api.webhooks.resend.mutate({ id: webhookId, deliveryId }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['webhook-deliveries', webhookId] }),
  });

  if (deliveries.isPending) return <Loading what="deliveries" />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} retry={() => void deliveries.refetch()} />;
  const { items, total } = deliveries.data;
  if (total === 0) return <p className="meta">No deliveries yet: the next subscribed event is delivered and shown here.</p>;
  const pages = Math.ceil(total / PAGE_SIZE);
  return (
    <>
      <TableRegion label="Deliveries" columns={['Event', 'Status', 'Attempts', 'Response', 'When', 'Again']}>
        {items.map((delivery) => {
          const last = delivery.attempts.at(-1);
          return (
            <tr key={delivery.id}>
              <th scope="row">
                <code>{delivery.type}</code>
              </th>
              <td>{STATUS_NAMES[delivery.status]}</td>
              <td>
                {delivery.attemptCount}
                {delivery.nextAttemptAt ? <span className="meta"> (next {new Date(delivery.nextAttemptAt).toLocaleTimeString()})</span> : null}
              </td>
              <td>{last ? (last.statusCode ?? last.error ?? 'no answer') : '—'}</td>
              <td>{new Date(last?.createdAt ?? delivery.createdAt).toLocaleString()}</td>
              <td>
                {active && delivery.status !== 'PENDING' ? (
                  <button
                    type="button"
                    className="secondary"
                    disabled={resend.isPending}
                    aria-label={`Resend ${delivery.type} of ${new Date(delivery.createdAt).toLocaleString()}`}
                    onClick={() => resend.mutate(delivery.id)}
                  >
                    Resend
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </TableRegion>
      {pages > 1 ? (
        <nav aria-label="Delivery pages" className="inline">
          <button type="button" className="secondary" disabled={page === 1} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </nav>
      ) : null}
      {resend.isSuccess ? <p role="status">Sent again: the new attempt appears above.</p> : null}
      <ActionError error={resend.error} />
    </>
  );
}
