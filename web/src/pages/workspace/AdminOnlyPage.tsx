/** The frame of a workspace page only Admins use (provider keys, API keys, webhooks): others read that it is for Admins. */
import type { ReactNode } from 'react';
import { ErrorState, Loading } from '../../components/States.tsx';
import { isAdmin } from '../../roles.ts';
import { useWorkspace } from './useWorkspace.ts';
import { WorkspaceCrumbs } from './WorkspaceCrumbs.tsx';

/** `title` heads the page ("API keys" of the workspace), `what` names what only Admins manage; `children` renders the page for an Admin. */
export function AdminOnlyPage({
  title,
  what,
  intro,
  children,
}: {
  title: string;
  what: string;
  intro: ReactNode;
  children: (workspaceId: string) => ReactNode;
}) {
  const { workspaceId, workspace } = useWorkspace();
  if (workspace.isPending) return <Loading what="the workspace" />;
  if (workspace.isError) return <ErrorState error={workspace.error} retry={() => void workspace.refetch()} />;
  return (
    <section>
      <WorkspaceCrumbs workspaceId={workspaceId} name={workspace.data.name} />
      <h1>
        {title} of {workspace.data.name}
      </h1>
      <p className="meta">{intro}</p>
      {isAdmin(workspace.data.role) ? children(workspaceId) : <p>Only Admins of this workspace see and manage its {what}.</p>}
    </section>
  );
}
