/**
 * Ending a running experiment: Stop (the label points at the control alone again) and Promote an arm
 * (the label points at it alone). Both move the label, so both are for whoever may move it directly:
 * on a protected label, Admins only. Both ask first.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ActionError } from '../../components/States.tsx';
import { canWrite, mayMoveLabel, type Role } from '../../roles.ts';

export function ExperimentActions({
  experimentId,
  label,
  controlVersion,
  versions,
  role,
  isProtected,
}: {
  experimentId: string;
  label: string;
  controlVersion: number;
  versions: number[];
  role: Role | undefined;
  isProtected: boolean;
}) {
  const client = useQueryClient();
  const done = () =>
    client.invalidateQueries({ predicate: (q) => ['experiment', 'experiment-results', 'experiments', 'prompt'].includes(String(q.queryKey[0])) });
  const stop = useMutation({ mutationFn: () => api.experimentResults.stop.mutate({ id: experimentId, reason: 'Stopped in the web app' }), onSuccess: done });
  const promote = useMutation({
    mutationFn: (version: number) => api.experiments.promote.mutate({ id: experimentId, version, reason: 'Promoted in the web app' }),
    onSuccess: done,
  });
  if (!canWrite(role)) return <p className="meta">Members and Admins stop or promote an experiment.</p>;
  if (!mayMoveLabel(role, isProtected)) {
    return (
      <p className="meta">
        <code>{label}</code> is protected: only an Admin stops the experiment or promotes an arm (either moves the label). Ask an Admin, or ask for a move of
        the label on the prompt&apos;s page.
      </p>
    );
  }
  return (
    <div className="actions">
      <div className="inline">
        <ConfirmButton
          label="Stop experiment"
          question={`Stop it? ${label} goes back to the control v${controlVersion} alone.`}
          confirmLabel="Yes, stop"
          disabled={stop.isPending || promote.isPending}
          onConfirm={() => stop.mutate()}
        />
        {versions.map((version) => (
          <ConfirmButton
            key={version}
            label={`Promote v${version}`}
            question={`Promote v${version}? ${label} then points at v${version} alone and the experiment ends.`}
            confirmLabel={`Yes, promote v${version}`}
            disabled={stop.isPending || promote.isPending}
            onConfirm={() => promote.mutate(version)}
          />
        ))}
      </div>
      <ActionError error={stop.error ?? promote.error} />
    </div>
  );
}
