/**
 * A project's datasets: create one, import cases as CSV or JSONL, and run a prompt over it with
 * each case's assertions passing or failing.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.ts';
import { NameForm } from './NameForm.tsx';
import { formatUsd } from './RunPanel.tsx';
import { ErrorState, Loading } from './States.tsx';

export function DatasetsPanel({ projectId, prompts, writable }: { projectId: string; prompts: Array<{ id: string; name: string }>; writable: boolean }) {
  const client = useQueryClient();
  const datasets = useQuery({ queryKey: ['datasets', projectId], queryFn: () => api.datasets.list.query({ projectId }) });

  return (
    <section aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets</h2>
      {datasets.isPending ? <Loading what="datasets" /> : null}
      {datasets.isError ? <ErrorState error={datasets.error} retry={() => void datasets.refetch()} /> : null}
      {datasets.data?.length === 0 ? <p className="meta">No datasets yet.</p> : null}
      {datasets.data?.map((dataset) => (
        <Dataset key={dataset.id} dataset={dataset} prompts={prompts} writable={writable} />
      ))}
      {writable ? (
        <NameForm
          label="New dataset name"
          button="Create dataset"
          fieldName="datasetName"
          maxLength={200}
          create={async (name) => {
            await api.datasets.create.mutate({ projectId, name });
            await client.invalidateQueries({ queryKey: ['datasets', projectId] });
          }}
        />
      ) : null}
    </section>
  );
}

function Dataset({
  dataset,
  prompts,
  writable,
}: {
  dataset: { id: string; name: string; itemCount: number };
  prompts: Array<{ id: string; name: string }>;
  writable: boolean;
}) {
  const client = useQueryClient();
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [content, setContent] = useState('');
  const [promptId, setPromptId] = useState(prompts[0]?.id ?? '');
  const importCases = useMutation({
    mutationFn: () => api.datasets.import.mutate({ id: dataset.id, format, content, mode: 'append' }),
    onSuccess: async () => {
      setContent('');
      await client.invalidateQueries({ queryKey: ['datasets'] });
    },
  });
  const run = useMutation({ mutationFn: () => api.datasets.run.mutate({ id: dataset.id, promptId, concurrency: 4 }) });

  return (
    <details className="panel">
      <summary>
        {dataset.name} <span className="meta">({dataset.itemCount} cases)</span>
      </summary>
      {writable ? (
        <form
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            importCases.mutate();
          }}
        >
          <label>
            Format
            <select name="format" value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'jsonl')}>
              <option value="csv">CSV (a header row; assert:contains and other assert: columns)</option>
              <option value="jsonl">JSONL (one case per line)</option>
            </select>
          </label>
          <label>
            Cases to add
            <textarea name="cases" rows={5} spellCheck={false} required value={content} onChange={(e) => setContent(e.target.value)} />
          </label>
          <button type="submit" disabled={importCases.isPending}>
            Import cases
          </button>
          {importCases.isSuccess ? <p role="status">Imported {importCases.data.imported} cases.</p> : null}
          {importCases.isError ? (
            <p className="error" role="alert">
              {errorMessage(importCases.error)}
            </p>
          ) : null}
        </form>
      ) : null}
      {writable && prompts.length > 0 && dataset.itemCount > 0 ? (
        <form
          className="inline"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            run.mutate();
          }}
        >
          <label>
            Prompt to run
            <select name="datasetPrompt" value={promptId} onChange={(e) => setPromptId(e.target.value)}>
              {prompts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={run.isPending}>
            {run.isPending ? 'Running the cases…' : 'Run the dataset'}
          </button>
        </form>
      ) : null}
      {run.isError ? <ErrorState error={run.error} /> : null}
      {run.data ? (
        <div role="status">
          <p>
            {run.data.passed} of {run.data.total} passed · {run.data.failedAssertions} failed an assertion · {run.data.errored} errored ·{' '}
            {formatUsd(run.data.costUsd + run.data.judgeCostUsd)}
          </p>
          <ul className="plain">
            {run.data.items.map((item) => (
              <li key={item.itemId} className={item.passed ? undefined : 'error'}>
                Case {item.index + 1}:{' '}
                {item.passed
                  ? 'passed'
                  : (item.error ??
                    item.assertions
                      .filter((a) => !a.pass)
                      .map((a) => `${a.type}: ${a.reason}`)
                      .join('; '))}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </details>
  );
}
