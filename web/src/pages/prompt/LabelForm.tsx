/**
 * Moves a label to one version. When the label is protected and the caller is not an Admin, the
 * same form asks for the move instead (a label request with a reason, which another Admin decides).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { mayMoveLabel, type Role } from '../../roles.ts';
import { ActionError } from '../../components/States.tsx';

export function LabelForm({
  promptId,
  latest,
  role,
  isProtected,
  onMoved,
}: {
  promptId: string;
  latest: number;
  role: Role | undefined;
  isProtected: (label: string) => boolean;
  onMoved: () => Promise<void>;
}) {
  const client = useQueryClient();
  const [name, setName] = useState('production');
  const [versionNumber, setVersionNumber] = useState(latest);
  const [reason, setReason] = useState('');
  const asks = !mayMoveLabel(role, isProtected(name.trim()));
  const move = useMutation({
    mutationFn: async () => {
      if (!asks) {
        await api.prompts.labels.set.mutate({ id: promptId, name: name.trim(), versionNumber });
        return 'moved' as const;
      }
      await api.governance.labelRequests.create.mutate({ id: promptId, label: name.trim(), version: versionNumber, reason: reason.trim() || undefined });
      return 'requested' as const;
    },
    onSuccess: async (outcome) => {
      setReason('');
      await client.invalidateQueries({ queryKey: ['label-requests', promptId] });
      if (outcome === 'moved') await onMoved();
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    move.mutate();
  }
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Move a label">
      <label>
        Label
        <input name="label" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Version
        <input
          name="labelVersion"
          type="number"
          min={1}
          max={latest}
          required
          value={versionNumber}
          onChange={(e) => setVersionNumber(Number(e.target.value))}
        />
      </label>
      {asks ? (
        <>
          <p className="meta">
            <code>{name.trim()}</code> is protected: only an Admin moves it. Ask for the move and an Admin approves or rejects it.
          </p>
          <label>
            Reason for the Admin
            <textarea name="reason" rows={2} maxLength={2000} required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </>
      ) : null}
      <button type="submit" disabled={move.isPending}>
        {asks ? 'Ask to move label' : 'Move label'}
      </button>
      {move.isSuccess ? (
        <p role="status">{move.data === 'requested' ? 'Request sent: it waits for an Admin below.' : `Moved ${name.trim()} to v${versionNumber}.`}</p>
      ) : null}
      <ActionError error={move.error} />
    </form>
  );
}
