/**
 * Starts a live experiment: a label split across versions with integer weights, optionally sticky
 * by an end-user attribute (the SDK assigns each user the same arm). Who may move the label
 * directly starts it; a Member on a protected label asks for the split instead (a label request
 * with a reason), and the experiment starts when an Admin approves it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { formatSplit } from '../../components/labelFormat.ts';
import { mayMoveLabel, type Role } from '../../roles.ts';
import { VersionSelect } from '../../components/VersionSelect.tsx';
import { ActionError } from '../../components/States.tsx';

interface Arm {
  version: number;
  weight: number;
}

export function SplitForm({
  promptId,
  versions,
  role,
  isProtected,
  onStarted,
}: {
  promptId: string;
  versions: number[];
  role: Role | undefined;
  isProtected: (label: string) => boolean;
  onStarted: () => Promise<void>;
}) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const sorted = [...versions].sort((a, b) => b - a);
  const [label, setLabel] = useState('production');
  const [arms, setArms] = useState<Arm[]>(() => sorted.slice(0, 2).map((version) => ({ version, weight: 50 })));
  const [stickyBy, setStickyBy] = useState('userId');
  const [reason, setReason] = useState('');
  const start = useMutation({
    mutationFn: () => api.prompts.labels.set.mutate({ id: promptId, name: label.trim(), split: arms, stickyBy: stickyBy.trim() || null }),
    onSuccess: async (moved) => {
      await onStarted();
      if (moved.experimentId) await navigate(`/experiments/${moved.experimentId}`);
    },
  });
  const ask = useMutation({
    mutationFn: () =>
      api.governance.labelRequests.create.mutate({ id: promptId, label: label.trim(), split: arms, stickyBy: stickyBy.trim() || null, reason: reason.trim() }),
    onSuccess: async () => {
      setReason('');
      await client.invalidateQueries({ queryKey: ['label-requests', promptId] });
    },
  });
  if (sorted.length < 2) return null;
  const allowed = mayMoveLabel(role, isProtected(label.trim()));

  function change(index: number, arm: Partial<Arm>) {
    setArms((current) => current.map((a, i) => (i === index ? { ...a, ...arm } : a)));
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (allowed) start.mutate();
    else ask.mutate();
  }

  return (
    <details className="panel">
      <summary>Start a live experiment (split a label)</summary>
      <form className="stack" onSubmit={onSubmit} aria-label="Split a label">
        <label>
          Label to split
          <input name="splitLabel" required value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <fieldset>
          <legend>Arms (version and weight)</legend>
          {arms.map((arm, index) => (
            <div className="inline arm" key={index}>
              <VersionSelect label={`Arm ${index + 1} version`} value={arm.version} numbers={sorted} onChange={(version) => change(index, { version })} />
              <label>
                Arm {index + 1} weight
                <input type="number" min={1} max={1_000_000} required value={arm.weight} onChange={(e) => change(index, { weight: Number(e.target.value) })} />
              </label>
              {arms.length > 2 ? (
                <button type="button" className="secondary" onClick={() => setArms((current) => current.filter((_, i) => i !== index))}>
                  Remove arm {index + 1}
                </button>
              ) : null}
            </div>
          ))}
          {arms.length < Math.min(sorted.length, 20) ? (
            <button type="button" className="secondary" onClick={() => setArms((current) => [...current, { version: sorted[0]!, weight: 1 }])}>
              Add an arm
            </button>
          ) : null}
          <p className="meta">Traffic: {formatSplit(arms)}</p>
        </fieldset>
        <label>
          Sticky by (the attribute that keeps a user on one arm; empty: per call)
          <input name="stickyBy" value={stickyBy} onChange={(e) => setStickyBy(e.target.value)} />
        </label>
        {allowed ? (
          <button type="submit" disabled={start.isPending}>
            Start experiment
          </button>
        ) : (
          <>
            <p className="meta">
              <code>{label.trim()}</code> is protected: only an Admin splits it. Ask for the split and the experiment starts when an Admin approves it.
            </p>
            <label>
              Why this split (for the Admin)
              <textarea name="splitReason" rows={2} maxLength={2000} required value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit" disabled={ask.isPending}>
              Ask for this split
            </button>
          </>
        )}
        {ask.isSuccess ? <p role="status">Request sent: it waits for an Admin under Label requests.</p> : null}
        <ActionError error={allowed ? start.error : ask.error} />
      </form>
    </details>
  );
}
