/** The workspaces the user belongs to, and a form to create one. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { roleName } from '../roles.ts';

export function HomePage() {
  const client = useQueryClient();
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: () => api.workspaces.list.query() });
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api.workspaces.create.mutate({ name }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: ['workspaces'] });
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section>
      <h1>Workspaces</h1>
      {workspaces.isPending ? <Loading what="workspaces" /> : null}
      {workspaces.isError ? <ErrorState error={workspaces.error} retry={() => void workspaces.refetch()} /> : null}
      {workspaces.data?.length === 0 ? <Empty>You belong to no workspace yet. Create one below.</Empty> : null}
      <ul className="cards">
        {workspaces.data?.map((workspace) => (
          <li key={workspace.id}>
            <Link to={`/workspaces/${workspace.id}`}>{workspace.name}</Link>
            <span className="meta">
              {workspace.personal ? 'personal · ' : ''}
              {roleName(workspace.role)}
            </span>
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={onSubmit}>
        <label>
          New workspace name
          <input name="workspaceName" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create workspace
        </button>
        {create.isError ? (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
