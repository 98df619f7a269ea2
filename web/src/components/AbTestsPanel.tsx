/** A project's A/B tests: the list with progress, and (for writers) a form to compare two versions of a prompt. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { ErrorState, Loading } from './States.tsx';
import { VersionSelect } from './VersionSelect.tsx';

export function AbTestsPanel({ projectId, prompts, writable }: { projectId: string; prompts: Array<{ id: string; name: string }>; writable: boolean }) {
  const tests = useQuery({ queryKey: ['abtests', projectId], queryFn: () => api.abTests.list.query({ projectId }) });
  return (
    <section aria-labelledby="abtests-title">
      <h2 id="abtests-title">A/B tests</h2>
      {tests.isPending ? <Loading what="A/B tests" /> : null}
      {tests.isError ? <ErrorState error={tests.error} retry={() => void tests.refetch()} /> : null}
      {tests.data?.length === 0 ? <p className="meta">No A/B tests yet.</p> : null}
      <ul className="plain">
        {tests.data?.map((test) => (
          <li key={test.id}>
            <Link to={`/ab-tests/${test.id}`}>{test.name}</Link>{' '}
            <span className="meta">
              {test.status} · {test.progress.done}/{test.progress.total} runs
            </span>
          </li>
        ))}
      </ul>
      {writable && prompts.length > 0 ? <NewAbTest projectId={projectId} prompts={prompts} /> : null}
    </section>
  );
}

function NewAbTest({ projectId, prompts }: { projectId: string; prompts: Array<{ id: string; name: string }> }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [promptId, setPromptId] = useState(prompts[0]!.id);
  const [a, setA] = useState<number | undefined>();
  const [b, setB] = useState<number | undefined>();
  const [inputs, setInputs] = useState('');
  const [runsPerInput, setRunsPerInput] = useState(1);
  const versions = useQuery({ queryKey: ['versions', promptId], queryFn: () => api.prompts.versions.list.query({ id: promptId, page: 1, pageSize: 100 }) });
  const numbers = (versions.data?.items ?? []).map((v) => v.number).sort((x, y) => x - y);
  const versionA = a ?? numbers.at(-2) ?? numbers.at(-1);
  const versionB = b ?? numbers.at(-1);
  const create = useMutation({
    mutationFn: () => {
      const idOf = (n: number | undefined) => versions.data?.items.find((v) => v.number === n)?.id;
      const parsed = inputs
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line, i) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw new Error(`Input line ${i + 1} is not a JSON object: ${line}`);
          }
        });
      return api.abTests.create.mutate({
        name,
        projectId,
        runsPerInput,
        inputs: parsed,
        variants: [
          { name: 'A', promptId, versionId: idOf(versionA) },
          { name: 'B', promptId, versionId: idOf(versionB) },
        ],
      });
    },
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['abtests', projectId] });
      await navigate(`/ab-tests/${created.id}`);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <details className="panel">
      <summary>New A/B test</summary>
      <form onSubmit={onSubmit}>
        <label>
          Test name
          <input name="abName" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Prompt
          <select name="abPrompt" value={promptId} onChange={(e) => setPromptId(e.target.value)}>
            {prompts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div className="inline">
          <VersionSelect label="Version A" name="versionA" value={versionA} numbers={numbers} onChange={setA} />
          <VersionSelect label="Version B" name="versionB" value={versionB} numbers={numbers} onChange={setB} />
          <label>
            Runs per input
            <input name="runsPerInput" type="number" min={1} max={100} value={runsPerInput} onChange={(e) => setRunsPerInput(Number(e.target.value))} />
          </label>
        </div>
        <label>
          Inputs, one JSON object per line
          <textarea
            name="abInputs"
            rows={5}
            spellCheck={false}
            required
            placeholder={'{"question": "How do I reset my password?"}'}
            value={inputs}
            onChange={(e) => setInputs(e.target.value)}
          />
        </label>
        <button type="submit" disabled={create.isPending}>
          Start A/B test
        </button>
        {create.isError ? (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
      </form>
    </details>
  );
}
