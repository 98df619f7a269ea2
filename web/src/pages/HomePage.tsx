/** The workspaces the user belongs to, the invitations waiting for an answer, and a form to create a workspace. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { NameForm } from '../components/NameForm.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { roleName } from '../roles.ts';

export function HomePage() {
  const client = useQueryClient();
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: () => api.workspaces.list.query() });
  const invitations = useQuery({ queryKey: ['my-invitations'], queryFn: () => api.invitations.list.query() });

  return (
    <section>
      <h1>Workspaces</h1>
      {invitations.data?.length ? (
        <section aria-labelledby="invitations-title" className="panel">
          <h2 id="invitations-title">Invitations for you</h2>
          <ul className="plain">
            {invitations.data.map((invitation) => (
              <li key={invitation.id}>
                <Link to={`/invitations/${invitation.id}`}>Join {invitation.workspaceName}</Link> <span className="meta">as {roleName(invitation.role)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
      <NameForm
        label="New workspace name"
        button="Create workspace"
        fieldName="workspaceName"
        create={async (name) => {
          await api.workspaces.create.mutate({ name });
          await client.invalidateQueries({ queryKey: ['workspaces'] });
        }}
      />
    </section>
  );
}
