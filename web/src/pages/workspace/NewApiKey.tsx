/** The form that creates an API key; its secret is shown here once, with a copy button, and never again. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api.ts';
import { CheckboxGroup } from '../../components/CheckboxGroup.tsx';
import { OneTimeSecret } from '../../components/OneTimeSecret.tsx';

/** The scopes a key can hold, as the server names them, with what each allows. */
const SCOPES = [
  { value: 'prompts:read', help: 'read prompts, versions and labels' },
  { value: 'prompts:write', help: 'save versions and move labels (a CI push)' },
  { value: 'generations:write', help: 'log generations and scores from an application' },
] as const;

type Scope = (typeof SCOPES)[number]['value'];

/** `projects` lets the key be limited to one project of the workspace. */
export function NewApiKey({ workspaceId, projects }: { workspaceId: string; projects: Array<{ id: string; name: string }> }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['prompts:read']);
  const [projectId, setProjectId] = useState('');
  const create = useMutation({
    mutationFn: () => api.apiKeys.create.mutate({ id: workspaceId, name, scopes, projectId: projectId || null }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: ['api-keys', workspaceId] });
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section aria-labelledby="new-key-title" className="panel">
      <h2 id="new-key-title">New API key</h2>
      <form onSubmit={onSubmit}>
        <label>
          Key name (what it is for)
          <input name="keyName" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <CheckboxGroup legend="Scopes" name="scopes" options={SCOPES} value={scopes} onChange={setScopes} />
        <label>
          Limited to
          <select name="keyProject" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <option value="">The whole workspace</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                Project {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending || scopes.length === 0}>
          Create API key
        </button>
        {scopes.length === 0 ? <p className="meta">Pick at least one scope.</p> : null}
      </form>
      {create.isError ? (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      {create.data ? (
        <OneTimeSecret secret={create.data.key} what="the new API key">
          Store the key where your application reads its secrets.
        </OneTimeSecret>
      ) : null}
    </section>
  );
}
