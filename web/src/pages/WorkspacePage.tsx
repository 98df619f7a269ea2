/** One workspace: its projects, a form to create one (Admins and Members), and links to its members, settings, provider keys, API keys and webhooks. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { NameForm } from '../components/NameForm.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { canWrite, isAdmin, roleName } from '../roles.ts';
import { useWorkspaceQuery } from './workspace/useWorkspace.ts';

export function WorkspacePage() {
  const { workspaceId = '' } = useParams();
  const client = useQueryClient();
  const workspace = useWorkspaceQuery(workspaceId);
  const projects = useQuery({ queryKey: ['projects', workspaceId], queryFn: () => api.projects.list.query({ workspaceId }) });

  if (workspace.isPending) return <Loading what="the workspace" />;
  if (workspace.isError) return <ErrorState error={workspace.error} retry={() => void workspace.refetch()} />;
  const writable = canWrite(workspace.data.role);

  return (
    <section>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Workspaces</Link>
      </nav>
      <h1>{workspace.data.name}</h1>
      <p className="meta">Your role: {roleName(workspace.data.role)}</p>
      <nav aria-label="Workspace" className="inline">
        <Link to={`/workspaces/${workspaceId}/analytics`}>Analytics: spend, runs and latency</Link>
        <Link to={`/workspaces/${workspaceId}/members`}>Members</Link>
        <Link to={`/workspaces/${workspaceId}/settings`}>Settings and limits</Link>
        {isAdmin(workspace.data.role) ? <Link to={`/workspaces/${workspaceId}/provider-keys`}>Provider keys</Link> : null}
        {isAdmin(workspace.data.role) ? <Link to={`/workspaces/${workspaceId}/api-keys`}>API keys</Link> : null}
        {isAdmin(workspace.data.role) ? <Link to={`/workspaces/${workspaceId}/webhooks`}>Webhooks</Link> : null}
      </nav>
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
        <NameForm
          label="New project name"
          button="Create project"
          fieldName="projectName"
          create={async (name) => {
            await api.projects.create.mutate({ workspaceId, name });
            await client.invalidateQueries({ queryKey: ['projects', workspaceId] });
          }}
        />
      ) : null}
    </section>
  );
}
