/**
 * For Admins: invite someone by email with a role, then send them the link shown (it opens the
 * invitation page, where the invitee, signed in with that email, accepts); the unanswered
 * invitations, each with its link and a way to withdraw it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { roleName, ROLES, type Role } from '../../roles.ts';

/** The web app's page for an invitation, on this origin. */
export function invitationLink(invitationId: string): string {
  return `${window.location.origin}/invitations/${encodeURIComponent(invitationId)}`;
}

export function InvitationsPanel({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const invitations = useQuery({ queryKey: ['invitations', workspaceId], queryFn: () => api.workspaces.invitations.list.query({ id: workspaceId }) });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const invite = useMutation({
    mutationFn: () => api.workspaces.members.add.mutate({ id: workspaceId, email, role }),
    onSuccess: async () => {
      setEmail('');
      await client.invalidateQueries({ queryKey: ['invitations', workspaceId] });
    },
  });
  const revoke = useMutation({
    mutationFn: (invitationId: string) => api.workspaces.invitations.revoke.mutate({ id: workspaceId, invitationId }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['invitations', workspaceId] }),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">Invitations</h2>
      <form className="inline" onSubmit={onSubmit}>
        <label>
          Email to invite
          <input name="inviteEmail" type="email" required maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Their role
          <select name="inviteRole" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={invite.isPending}>
          Invite
        </button>
      </form>
      {invite.isError ? (
        <p className="error" role="alert">
          {errorMessage(invite.error)}
        </p>
      ) : null}
      {invite.data ? (
        <div role="status" className="panel">
          <p>
            Invited {invite.data.invitation.email} as {roleName(invite.data.invitation.role)}. Send them this link; it works once they sign in with that email,
            until {new Date(invite.data.invitation.expiresAt).toLocaleDateString()}:
          </p>
          <p className="inline">
            <code className="secret">{invitationLink(invite.data.invitation.id)}</code>
            <CopyButton text={invitationLink(invite.data.invitation.id)} what="the invitation link" />
          </p>
        </div>
      ) : null}
      <h3>Waiting for an answer</h3>
      {invitations.isPending ? <Loading what="invitations" /> : null}
      {invitations.isError ? <ErrorState error={invitations.error} retry={() => void invitations.refetch()} /> : null}
      {invitations.data?.length === 0 ? <p className="meta">No invitation is waiting for an answer.</p> : null}
      <ul className="plain">
        {invitations.data?.map((invitation) => (
          <li key={invitation.id} className="inline">
            <span>
              {invitation.email} · {roleName(invitation.role)} ·{' '}
              {invitation.status === 'EXPIRED' ? 'expired' : `expires ${new Date(invitation.expiresAt).toLocaleDateString()}`}
            </span>
            {invitation.status === 'PENDING' ? <CopyButton text={invitationLink(invitation.id)} what={`the invitation link for ${invitation.email}`} /> : null}
            <ConfirmButton
              label="Withdraw"
              name={`Withdraw the invitation of ${invitation.email}`}
              question={`Withdraw the invitation of ${invitation.email}?`}
              confirmLabel="Yes, withdraw"
              onConfirm={() => revoke.mutate(invitation.id)}
            />
          </li>
        ))}
      </ul>
      {revoke.isError ? (
        <p className="error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      ) : null}
    </section>
  );
}
