/** One workspace: its projects, and (for Admins and Members) a form to create one. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { canWrite, roleName } from '../roles.ts';

export function WorkspacePage() {
  const { workspaceId = '' } = useParams();
  const client = useQueryClient();
  const workspace = useQuery({ queryKey: ['workspace', workspaceId], queryFn: () => api.workspaces.get.query({ id: workspaceId }) });
  const projects = useQuery({ queryKey: ['projects', workspaceId], queryFn: () => api.projects.list.query({ workspaceId }) });
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api.projects.create.mutate({ workspaceId, name }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: ['projects', workspaceId] });
    },
  });

  if (workspace.isPending) return <Loading what="the workspace" />;
  if (workspace.isError) return <ErrorState error={workspace.error} retry={() => void workspace.refetch()} />;
  const writable = canWrite(workspace.data.role);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Workspaces</Link>
      </nav>
      <h1>{workspace.data.name}</h1>
      <p className="meta">Your role: {roleName(workspace.data.role)}</p>
      <p>
        <Link to={`/workspaces/${workspaceId}/analytics`}>Analytics: spend, runs and latency</Link>
      </p>
      <h2>Projects</h2>
      {projects.isPending ? <Loading what="projects" /> : null}
      {projects.isError ? <ErrorState error={projects.error} retry={() => void projects.refetch()} /> : null}
      {projects.data?.length === 0 ? <Empty>{writable ? 'No projects yet. Create the first one below.' : 'No projects yet.'}</Empty> : null}
      <ul className="cards">
        {projects.data?.map((project) => (
          <li key={project.id}>
            <Link to={`/projects/${project.id}`}>{project.name}</Link>
            {project.description ? <span className="meta">{project.description}</span> : null}
          </li>
        ))}
      </ul>
      {writable ? (
        <form className="inline" onSubmit={onSubmit}>
          <label>
            New project name
            <input name="projectName" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={create.isPending}>
            Create project
          </button>
          {create.isError ? (
            <p className="error" role="alert">
              {errorMessage(create.error)}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
