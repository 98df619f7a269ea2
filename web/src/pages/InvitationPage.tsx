/**
 * The page an invitation link opens: which workspace, which role, who invited; the signed-in
 * invitee accepts (and lands in the workspace) or declines. Someone signed in with another email
 * is told so, since an invitation is for one email only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { roleName } from '../roles.ts';
import { useSession } from '../session.tsx';

export function InvitationPage() {
  const { invitationId = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const invitations = useQuery({ queryKey: ['my-invitations'], queryFn: () => api.invitations.list.query() });
  const answered = async () => {
    await client.invalidateQueries({ queryKey: ['my-invitations'] });
    await client.invalidateQueries({ queryKey: ['workspaces'] });
  };
  const accept = useMutation({
    mutationFn: () => api.invitations.accept.mutate({ id: invitationId }),
    onSuccess: async ({ invitation }) => {
      await answered();
      await navigate(`/workspaces/${invitation.workspaceId}`);
    },
  });
  const decline = useMutation({ mutationFn: () => api.invitations.decline.mutate({ id: invitationId }), onSuccess: answered });

  if (invitations.isPending) return <Loading what="the invitation" />;
  if (invitations.isError) return <ErrorState error={invitations.error} retry={() => void invitations.refetch()} />;
  const invitation = invitations.data.find((i) => i.id === invitationId);

  if (decline.isSuccess) {
    return (
      <section>
        <h1>Invitation declined</h1>
        <p>
          You did not join. <Link to="/">Go to your workspaces</Link>.
        </p>
      </section>
    );
  }
  if (!invitation) {
    return (
      <section>
        <h1>No invitation here for you</h1>
        <p>
          There is no open invitation at this address for {user?.email ?? 'your account'}. It may have been answered, withdrawn or expired, or sent to another
          email: sign in with the invited email, or ask an Admin of the workspace to invite you again.
        </p>
        <p>
          <Link to="/">Go to your workspaces</Link>
        </p>
      </section>
    );
  }
  const failure = accept.error ?? decline.error;
  return (
    <section>
      <h1>Join {invitation.workspaceName}</h1>
      <p>
        {invitation.invitedBy ? `${invitation.invitedBy.name ?? invitation.invitedBy.email} invited you` : 'You are invited'} to join{' '}
        <strong>{invitation.workspaceName}</strong> as {roleName(invitation.role)}. The invitation is open until{' '}
        {new Date(invitation.expiresAt).toLocaleDateString()}.
      </p>
      <div className="inline">
        <button type="button" disabled={accept.isPending || decline.isPending} onClick={() => accept.mutate()}>
          Accept and join
        </button>
        <button type="button" className="secondary" disabled={accept.isPending || decline.isPending} onClick={() => decline.mutate()}>
          Decline
        </button>
      </div>
      {failure ? (
        <p className="error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
    </section>
  );
}
