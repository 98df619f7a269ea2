/** The breadcrumb above a project's pages (a prompt, an A/B test, an experiment), by name. */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { useWorkspaceQuery } from './workspace/useWorkspace.ts';

/**
 * Links to the workspaces, the project's workspace and the project, each by its name once known
 * (the project's query is the project page's, so it is fetched once), then `children`, a further
 * step such as the prompt an experiment belongs to.
 */
export function ProjectCrumbs({ projectId, children }: { projectId: string | undefined; children?: ReactNode }) {
  const project = useQuery({
    queryKey: ['project', projectId],
    queryFn: () => api.projects.get.query({ id: projectId! }),
    enabled: projectId !== undefined,
  });
  const workspaceId = project.data?.workspaceId;
  const workspace = useWorkspaceQuery(workspaceId);
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <Link to="/">Workspaces</Link>
      {workspaceId ? (
        <>
          {' / '}
          <Link to={`/workspaces/${workspaceId}`}>{workspace.data?.name ?? 'Workspace'}</Link>
        </>
      ) : null}
      {' / '}
      {projectId ? <Link to={`/projects/${projectId}`}>{project.data?.name ?? 'Project'}</Link> : 'Project'}
      {children ? <> / {children}</> : null}
    </nav>
  );
}
