/**
 * A prompt's labels with their targets (a version, or a split with its weights and a link to its
 * live experiment), the form that moves one (a Member asks for a protected label instead, with a
 * reason), and the form that starts a split.
 */
import { Link } from 'react-router';
import { formatSplit } from '../../components/labelFormat.ts';
import { ErrorState } from '../../components/States.tsx';
import { canWrite, type Role } from '../../roles.ts';
import { LabelForm } from './LabelForm.tsx';
import { SplitForm } from './SplitForm.tsx';
import { useProtectedLabels } from './useProtectedLabels.ts';

export interface PromptLabel {
  name: string;
  versionNumber: number;
  split?: Array<{ version: number; weight: number }>;
  experimentId?: string;
  stickyBy?: string | null;
}

export function LabelsPanel({
  promptId,
  projectId,
  labels,
  versions,
  role,
  onChanged,
}: {
  promptId: string;
  projectId: string;
  labels: PromptLabel[];
  versions: number[];
  role: Role | undefined;
  onChanged: () => Promise<void>;
}) {
  const governed = useProtectedLabels(projectId);
  return (
    <section aria-labelledby="labels-title">
      <h2 id="labels-title">Labels</h2>
      {labels.length === 0 ? <p className="meta">No labels yet.</p> : null}
      <ul className="plain labels">
        {labels.map((label) => (
          <li key={label.name}>
            <strong>{label.name}</strong>{' '}
            {label.split ? (
              <>
                → split {formatSplit(label.split)}
                {label.stickyBy ? <span className="meta"> (sticky by {label.stickyBy})</span> : null}
                {label.experimentId ? (
                  <>
                    {' '}
                    <Link to={`/experiments/${label.experimentId}`}>Live experiment on {label.name}</Link>
                  </>
                ) : null}
              </>
            ) : (
              <>→ v{label.versionNumber}</>
            )}
            {governed.isProtected(label.name) ? <span className="badge">protected</span> : null}
          </li>
        ))}
      </ul>
      {governed.query.isError ? <ErrorState error={governed.query.error} retry={() => void governed.query.refetch()} /> : null}
      {canWrite(role) && governed.ready ? (
        <>
          <LabelForm promptId={promptId} latest={Math.max(...versions, 1)} role={role} isProtected={governed.isProtected} onMoved={onChanged} />
          {/* Keyed by the versions: the arms start from the two newest once the versions are known. */}
          <SplitForm key={versions.join(',')} promptId={promptId} versions={versions} role={role} isProtected={governed.isProtected} onStarted={onChanged} />
        </>
      ) : null}
    </section>
  );
}
