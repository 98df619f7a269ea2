/**
 * A workspace's API keys, for Admins: the list (prefix, scopes, project, last use), a form to
 * create one whose secret is shown once with a copy button, and revoking a key.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { AdminOnlyPage } from './AdminOnlyPage.tsx';
import { NewApiKey } from './NewApiKey.tsx';

export function ApiKeysPage() {
  return (
    <AdminOnlyPage title="API keys" what="API keys" intro="Applications and CI use a key instead of a person's session; a key does only what its scopes allow.">
      {(workspaceId) => <ApiKeys workspaceId={workspaceId} />}
    </AdminOnlyPage>
  );
}

function ApiKeys({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys', workspaceId], queryFn: () => api.apiKeys.list.query({ id: workspaceId }) });
  const projects = useQuery({ queryKey: ['projects', workspaceId], queryFn: () => api.projects.list.query({ workspaceId }) });
  const revoke = useMutation({
    mutationFn: (keyId: string) => api.apiKeys.revoke.mutate({ id: workspaceId, keyId }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys', workspaceId] }),
  });
  const projectName = (id: string | null) => (id === null ? 'Whole workspace' : (projects.data?.find((p) => p.id === id)?.name ?? id));

  return (
    <>
      <NewApiKey workspaceId={workspaceId} projects={projects.data ?? []} />
      <h2>Keys</h2>
      {keys.isPending ? <Loading what="API keys" /> : null}
      {keys.isError ? <ErrorState error={keys.error} retry={() => void keys.refetch()} /> : null}
      {keys.data?.length === 0 ? <p className="meta">No API keys yet.</p> : null}
      {keys.data?.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="API keys">
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">For</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{projectName(key.projectId)}</td>
                  <td>
                    {new Date(key.createdAt).toLocaleDateString()}
                    {key.createdBy ? ` by ${key.createdBy.name ?? key.createdBy.email}` : ''}
                  </td>
                  <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : 'Never'}</td>
                  <td>
                    {key.revokedAt ? (
                      `Revoked ${new Date(key.revokedAt).toLocaleDateString()}`
                    ) : (
                      <ConfirmButton
                        label="Revoke"
                        name={`Revoke ${key.name}`}
                        question={`Revoke ${key.name}? Applications using it stop working.`}
                        confirmLabel="Yes, revoke"
                        disabled={revoke.isPending}
                        onConfirm={() => revoke.mutate(key.id)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {revoke.isError ? (
        <p className="error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      ) : null}
    </>
  );
}
