/**
 * A workspace's members with their roles. Admins change roles, remove members and manage
 * invitations; Members and Viewers read the list only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { isAdmin, roleName, ROLES, type Role } from '../../roles.ts';
import { InvitationsPanel } from './InvitationsPanel.tsx';
import { useWorkspace } from './useWorkspace.ts';
import { WorkspaceCrumbs } from './WorkspaceCrumbs.tsx';

interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
}

export function MembersPage() {
  const { workspaceId, workspace } = useWorkspace();
  const members = useQuery({ queryKey: ['members', workspaceId], queryFn: () => api.workspaces.members.list.query({ id: workspaceId }) });

  if (workspace.isPending) return <Loading what="the workspace" />;
  if (workspace.isError) return <ErrorState error={workspace.error} retry={() => void workspace.refetch()} />;
  const admin = isAdmin(workspace.data.role);

  return (
    <section>
      <WorkspaceCrumbs workspaceId={workspaceId} name={workspace.data.name} />
      <h1>Members of {workspace.data.name}</h1>
      {admin ? null : <p className="meta">Only Admins change roles, remove members and invite people.</p>}
      {members.isPending ? <Loading what="members" /> : null}
      {members.isError ? <ErrorState error={members.error} retry={() => void members.refetch()} /> : null}
      {members.data ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Members">
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Member since</th>
                {admin ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => (
                <MemberRow key={member.userId} workspaceId={workspaceId} member={member} admin={admin} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {admin ? <InvitationsPanel workspaceId={workspaceId} /> : null}
    </section>
  );
}

function MemberRow({ workspaceId, member, admin }: { workspaceId: string; member: Member; admin: boolean }) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['members', workspaceId] });
  const changeRole = useMutation({
    mutationFn: (role: Role) => api.workspaces.members.update.mutate({ id: workspaceId, userId: member.userId, role }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.workspaces.members.remove.mutate({ id: workspaceId, userId: member.userId }),
    onSuccess: refresh,
  });
  const who = member.name ?? member.email;
  const failure = changeRole.error ?? remove.error;

  return (
    <tr>
      <td>{member.name ?? '—'}</td>
      <td>{member.email}</td>
      <td>
        {admin ? (
          <label>
            <span className="sr-only">Role of {who}</span>
            <select
              name="role"
              value={changeRole.isPending ? changeRole.variables : member.role}
              disabled={changeRole.isPending}
              onChange={(e) => changeRole.mutate(e.target.value as Role)}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleName(role)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          roleName(member.role)
        )}
      </td>
      <td>{new Date(member.createdAt).toLocaleDateString()}</td>
      {admin ? (
        <td>
          <ConfirmButton
            label="Remove"
            name={`Remove ${who}`}
            question={`Remove ${who} from this workspace?`}
            confirmLabel="Yes, remove"
            disabled={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
          {failure ? (
            <p className="error" role="alert">
              {errorMessage(failure)}
            </p>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
