/**
 * A prompt's pending label requests, each with its target (one version, or a split with its arms).
 * An Admin approves (the label moves; a split starts its live experiment) or rejects each, with an
 * optional note, except their own request, which waits for another Admin.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { actorName, formatTarget, formatWhen } from '../../components/labelFormat.ts';
import { ActionError, ErrorState, Loading } from '../../components/States.tsx';
import { isAdmin, type Role } from '../../roles.ts';
import { useSession } from '../../session.tsx';

type LabelRequest = Awaited<ReturnType<typeof api.governance.labelRequests.list.query>>['items'][number];

export function LabelRequests({ promptId, role, onDecided }: { promptId: string; role: Role | undefined; onDecided: () => Promise<void> }) {
  const requests = useQuery({
    queryKey: ['label-requests', promptId],
    queryFn: () => api.governance.labelRequests.list.query({ id: promptId, status: 'pending', limit: 50 }),
  });
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">Label requests</h2>
      {requests.isPending ? <Loading what="label requests" /> : null}
      {requests.isError ? <ErrorState error={requests.error} retry={() => void requests.refetch()} /> : null}
      {requests.data?.items.length === 0 ? <p className="meta">No pending requests. A Member asks here for a move of a protected label.</p> : null}
      <ul className="plain requests">
        {requests.data?.items.map((request) => (
          <RequestItem key={request.id} promptId={promptId} request={request} admin={isAdmin(role)} onDecided={onDecided} />
        ))}
      </ul>
    </section>
  );
}

function RequestItem({ promptId, request, admin, onDecided }: { promptId: string; request: LabelRequest; admin: boolean; onDecided: () => Promise<void> }) {
  const client = useQueryClient();
  const { user } = useSession();
  const [note, setNote] = useState('');
  const own = request.requestedBy.kind === 'user' && request.requestedBy.email !== null && request.requestedBy.email === user?.email;
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api.governance.labelRequests[decision].mutate({ id: promptId, requestId: request.id, note: note.trim() || undefined }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['label-requests', promptId] });
      await client.invalidateQueries({ queryKey: ['label-history', promptId] });
      await onDecided();
    },
  });
  // A split names each arm with its share of the traffic, as the labels above show a split.
  const what = `${request.label} → ${'split' in request.target ? 'split ' : ''}${formatTarget(request.target)}`;
  return (
    <li className="panel" aria-label={`Request: ${what}`}>
      <p>
        <strong>{what}</strong>, asked by {actorName(request.requestedBy)} on {formatWhen(request.createdAt)}
      </p>
      {request.reason ? <p>“{request.reason}”</p> : null}
      {!admin ? <p className="meta">Waiting for an Admin.</p> : null}
      {admin && own ? <p className="meta">Your own request: another Admin decides it.</p> : null}
      {admin && !own ? (
        <div className="actions">
          <label>
            Note to the requester (optional)
            <input name="note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="inline">
            <button type="button" disabled={decide.isPending} aria-label={`Approve ${what}`} onClick={() => decide.mutate('approve')}>
              Approve
            </button>
            <button type="button" className="secondary" disabled={decide.isPending} aria-label={`Reject ${what}`} onClick={() => decide.mutate('reject')}>
              Reject
            </button>
          </div>
        </div>
      ) : null}
      <ActionError error={decide.error} />
    </li>
  );
}
