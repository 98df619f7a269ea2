/**
 * One prompt: its source highlighted, its version history, a side-by-side diff of any two
 * versions, its labels (governed: requests, history, rollback) and live experiments, and (for
 * writers) an editor that saves a new version with the API's conflict rule (a save based on an
 * older version is refused, never overwrites).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { DiffView } from '../components/DiffView.tsx';
import { RunPanel } from '../components/RunPanel.tsx';
import { SourceView } from '../components/SourceView.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { canWrite } from '../roles.ts';
import { LabelHistory } from './prompt/LabelHistory.tsx';
import { ProjectCrumbs } from './ProjectCrumbs.tsx';
import { LabelRequests } from './prompt/LabelRequests.tsx';
import { LabelsPanel } from './prompt/LabelsPanel.tsx';
import { PromptExperiments } from './prompt/PromptExperiments.tsx';
import { useProtectedLabels } from './prompt/useProtectedLabels.ts';
import { useWorkspaceQuery } from './workspace/useWorkspace.ts';
import { VersionSelect } from '../components/VersionSelect.tsx';

export function PromptPage() {
  const { promptId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const client = useQueryClient();
  const shown = Number(params.get('version')) || undefined;
  const prompt = useQuery({ queryKey: ['prompt', promptId, shown], queryFn: () => api.prompts.get.query({ id: promptId, version: shown }) });
  const versions = useQuery({ queryKey: ['versions', promptId], queryFn: () => api.prompts.versions.list.query({ id: promptId, page: 1, pageSize: 100 }) });
  const workspaceId = prompt.data?.workspaceId;
  const workspace = useWorkspaceQuery(workspaceId);
  const governed = useProtectedLabels(prompt.data?.projectId);

  if (prompt.isPending) return <Loading what="the prompt" />;
  if (prompt.isError) return <ErrorState error={prompt.error} retry={() => void prompt.refetch()} />;
  const data = prompt.data;
  const version = data.version ?? data.latestVersion;
  const role = workspace.data?.role;
  const writable = canWrite(role);
  const refresh = () => client.invalidateQueries({ predicate: (q) => ['prompt', 'versions', 'label-history', 'experiments'].includes(String(q.queryKey[0])) });

  return (
    <section>
      <ProjectCrumbs projectId={data.projectId} />
      <h1>{data.name}</h1>
      {data.description ? <p>{data.description}</p> : null}
      <div className="columns">
        <div className="main-col">
          <h2>
            Version {version?.number ?? '—'}
            {version && version.number !== data.latestVersionNumber ? <span className="meta"> (latest is v{data.latestVersionNumber})</span> : null}
          </h2>
          {version ? (
            <>
              <p className="meta">
                {version.model ?? 'no model'} · {new Date(version.createdAt).toLocaleString()}
                {version.message ? ` · “${version.message}”` : ''}
              </p>
              <SourceView source={version.source} label={`Source of version ${version.number}`} />
            </>
          ) : (
            <p>This prompt has no version yet.</p>
          )}
          {writable && data.latestVersion ? <Editor promptId={promptId} latest={data.latestVersion} onSaved={refresh} /> : null}
          {version ? <RunPanel promptId={promptId} version={version} canRun={writable} /> : null}
          <Compare promptId={promptId} numbers={versions.data?.items.map((v) => v.number) ?? []} />
          <LabelRequests promptId={promptId} role={role} onDecided={refresh} />
          <LabelHistory promptId={promptId} role={role} isProtected={governed.isProtected} onRolledBack={refresh} />
          <PromptExperiments promptId={promptId} />
        </div>
        <aside className="side-col">
          <LabelsPanel
            promptId={promptId}
            projectId={data.projectId}
            labels={data.labels}
            versions={versions.data?.items.map((v) => v.number) ?? [data.latestVersionNumber]}
            role={role}
            onChanged={refresh}
          />
          <h2>History</h2>
          {versions.isPending ? <Loading what="versions" /> : null}
          {versions.isError ? <ErrorState error={versions.error} /> : null}
          <ul className="history plain">
            {versions.data?.items.map((v) => (
              <li key={v.id}>
                <button
                  type="button"
                  className="link"
                  aria-current={v.number === version?.number ? 'true' : undefined}
                  onClick={() => setParams({ version: String(v.number) })}
                >
                  v{v.number}
                </button>{' '}
                <span className="meta">
                  {new Date(v.createdAt).toLocaleString()}
                  {v.message ? ` · ${v.message}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}

function Editor({ promptId, latest, onSaved }: { promptId: string; latest: { number: number; source: string }; onSaved: () => Promise<void> }) {
  const [source, setSource] = useState(latest.source);
  const [message, setMessage] = useState('');
  const [base, setBase] = useState(latest.number);
  const save = useMutation({
    mutationFn: () => api.prompts.versions.upload.mutate({ id: promptId, source, message: message || undefined, baseVersion: base }),
    onSuccess: async (result) => {
      setBase(result.latestVersionNumber);
      setMessage('');
      await onSaved();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <details className="panel">
      <summary>Edit and save a new version</summary>
      <form onSubmit={onSubmit}>
        <label>
          Source (.prompt), based on v{base}
          <textarea name="source" rows={14} spellCheck={false} value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
        <label>
          What changed (optional)
          <input name="message" maxLength={1000} value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
        <button type="submit" disabled={save.isPending}>
          Save version
        </button>
        {save.isSuccess ? (
          <p role="status">{save.data.created ? `Saved as version ${save.data.latestVersionNumber}.` : 'Nothing changed: no new version.'}</p>
        ) : null}
        {save.isError ? (
          <p className="error" role="alert">
            {errorMessage(save.error)}
          </p>
        ) : null}
      </form>
    </details>
  );
}

function Compare({ promptId, numbers }: { promptId: string; numbers: number[] }) {
  const [a, setA] = useState<number | undefined>();
  const [b, setB] = useState<number | undefined>();
  const sorted = [...numbers].sort((x, y) => x - y);
  const left = a ?? sorted.at(-2);
  const right = b ?? sorted.at(-1);
  const ready = left !== undefined && right !== undefined;
  const before = useQuery({
    queryKey: ['version', promptId, left],
    queryFn: () => api.prompts.versions.get.query({ id: promptId, ref: String(left) }),
    enabled: ready,
  });
  const after = useQuery({
    queryKey: ['version', promptId, right],
    queryFn: () => api.prompts.versions.get.query({ id: promptId, ref: String(right) }),
    enabled: ready,
  });
  if (sorted.length < 2) return null;
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare versions</h2>
      <div className="inline">
        <VersionSelect label="From" name="from" value={left} numbers={sorted} onChange={setA} />
        <VersionSelect label="To" name="to" value={right} numbers={sorted} onChange={setB} />
      </div>
      {before.data && after.data ? (
        <DiffView before={before.data.source} after={after.data.source} beforeLabel={`v${left}`} afterLabel={`v${right}`} />
      ) : (
        <Loading what="the diff" />
      )}
    </section>
  );
}
