/**
 * Runs a version from a form made of its template variables, the answer streaming in (the
 * `runs.stream` subscription), then its tokens, cost and latency; below, the prompt's recorded
 * runs with their ratings and feedback, which writers can set.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.ts';
import { ErrorState, Loading } from './States.tsx';

interface Version {
  id: string;
  number: number;
  variables: string[];
}

interface Finished {
  status: 'success' | 'error';
  output: string | null;
  error?: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  model: string;
}

export function formatUsd(value: number): string {
  return value === 0 ? '$0' : value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

export function RunPanel({ promptId, version, canRun }: { promptId: string; version: Version; canRun: boolean }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [running, setRunning] = useState(false);
  const [finished, setFinished] = useState<Finished | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const stop = useRef<(() => void) | undefined>(undefined);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setText('');
    setFinished(undefined);
    setFailure(undefined);
    setRunning(true);
    const input = Object.fromEntries(version.variables.map((name) => [name, values[name] ?? '']));
    const subscription = api.runs.stream.subscribe(
      { id: promptId, versionId: version.id, input },
      {
        onData: (event) => {
          if (event.type === 'token') setText((sofar) => sofar + event.text);
          else {
            setFinished(event.run);
            setRunning(false);
            void client.invalidateQueries({ queryKey: ['runs', promptId] });
          }
        },
        onError: (error) => {
          setFailure(error);
          setRunning(false);
        },
        onComplete: () => setRunning(false),
      },
    );
    stop.current = () => {
      subscription.unsubscribe();
      setRunning(false);
    };
  }

  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">Run version {version.number}</h2>
      {canRun ? (
        <form onSubmit={onSubmit}>
          {version.variables.length === 0 ? <p className="meta">This version takes no input.</p> : null}
          {version.variables.map((name) => (
            <label key={name}>
              {name}
              <textarea name={`input-${name}`} rows={2} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
            </label>
          ))}
          <div className="inline">
            <button type="submit" disabled={running}>
              {running ? 'Running…' : 'Run'}
            </button>
            {running ? (
              <button type="button" className="secondary" onClick={() => stop.current?.()}>
                Stop
              </button>
            ) : null}
          </div>
        </form>
      ) : (
        <p className="meta">Viewers can read runs but not start them.</p>
      )}
      {text || running ? (
        <pre className="answer" aria-live="polite" aria-busy={running} aria-label="Answer">
          {finished?.output ?? text}
        </pre>
      ) : null}
      {finished ? (
        <p className={finished.status === 'error' ? 'error' : 'meta'} role="status">
          {finished.status === 'error' ? `The run failed: ${finished.error ?? 'unknown error'}. ` : ''}
          {finished.model} · {finished.inputTokens} tokens in, {finished.outputTokens} out · {formatUsd(finished.costUsd)} · {finished.latencyMs} ms
        </p>
      ) : null}
      {failure ? <ErrorState error={failure} /> : null}
      <RunList promptId={promptId} canRate={canRun} />
    </section>
  );
}

function RunList({ promptId, canRate }: { promptId: string; canRate: boolean }) {
  const runs = useQuery({ queryKey: ['runs', promptId], queryFn: () => api.runs.list.query({ id: promptId, page: 1, pageSize: 20 }) });
  if (runs.isPending) return <Loading what="runs" />;
  if (runs.isError) return <ErrorState error={runs.error} retry={() => void runs.refetch()} />;
  if (runs.data.items.length === 0) return <p className="meta">No runs yet.</p>;
  return (
    <>
      <h3>Recent runs</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Recent runs">
        <table className="runs">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">Answer</th>
              <th scope="col">Cost</th>
              <th scope="col">Latency</th>
              <th scope="col">Rating</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run) => (
              <tr key={run.id}>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>{run.status === 'success' ? 'Success' : `Failed (${run.errorKind ?? 'error'})`}</td>
                <td className="clip">{run.output ?? run.error ?? ''}</td>
                <td>{formatUsd(run.costUsd)}</td>
                <td>{run.latencyMs} ms</td>
                <td>{canRate ? <Rating promptId={promptId} runId={run.id} rating={run.rating} feedback={run.feedback} /> : (run.rating ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Rating({ promptId, runId, rating, feedback }: { promptId: string; runId: string; rating: number | null; feedback: string | null }) {
  const client = useQueryClient();
  const [note, setNote] = useState(feedback ?? '');
  // The rating picked shows at once; the list's refetch confirms it (a failed save says so below).
  const [picked, setPicked] = useState<number | null | undefined>(undefined);
  const rate = useMutation({
    mutationFn: (value: { rating?: number | null; feedback?: string | null }) => api.runs.rate.mutate({ id: promptId, runId, ...value }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['runs', promptId] }),
  });
  return (
    <div className="rating">
      <label>
        <span className="sr-only">Rating</span>
        <select
          name="rating"
          value={(picked === undefined ? rating : picked) ?? ''}
          onChange={(e) => {
            const value = e.target.value ? Number(e.target.value) : null;
            setPicked(value);
            rate.mutate({ rating: value });
          }}
        >
          <option value="">—</option>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n} / 5
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="sr-only">Feedback</span>
        <input
          name="feedback"
          placeholder="Feedback"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => note !== (feedback ?? '') && rate.mutate({ feedback: note || null })}
        />
      </label>
      {rate.isError ? (
        <span className="error" role="alert">
          {errorMessage(rate.error)}
        </span>
      ) : null}
    </div>
  );
}
