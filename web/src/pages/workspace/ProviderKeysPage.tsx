/**
 * A workspace's provider keys, for Admins: the keys runs on the backend call OpenAI, Anthropic and
 * Gemini with (shown masked, with their base URLs), a form to set one (encrypted at rest by the
 * server, never shown again), and removing one (runs then fall back to the server's own key).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { RUNNABLE_PROVIDERS, type RunnableProviderId } from '@promptstack/core/providers/runnableProviders';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ActionError, ErrorState, Loading } from '../../components/States.tsx';
import { AdminOnlyPage } from './AdminOnlyPage.tsx';

const labelOf = (id: string) => RUNNABLE_PROVIDERS.find((provider) => provider.id === id)?.label ?? id;

export function ProviderKeysPage() {
  return (
    <AdminOnlyPage
      title="Provider keys"
      what="provider keys"
      intro="Runs on the backend (Run, datasets, A/B tests, CI's --remote) call each provider with this workspace's key; without one, with the server's own key if it has one. Keys are encrypted at rest and never shown again."
    >
      {(workspaceId) => <ProviderKeys workspaceId={workspaceId} />}
    </AdminOnlyPage>
  );
}

function ProviderKeys({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['provider-keys', workspaceId], queryFn: () => api.providers.list.query({ id: workspaceId }) });
  const remove = useMutation({
    mutationFn: (provider: RunnableProviderId) => api.providers.delete.mutate({ id: workspaceId, provider }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['provider-keys', workspaceId] }),
  });

  return (
    <>
      <SetProviderKey workspaceId={workspaceId} />
      <h2>Keys</h2>
      {keys.isPending ? <Loading what="provider keys" /> : null}
      {keys.isError ? <ErrorState error={keys.error} retry={() => void keys.refetch()} /> : null}
      {keys.data?.length === 0 ? <p className="meta">No provider keys yet: runs use the server&apos;s own keys, if it has any.</p> : null}
      {keys.data?.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Provider keys">
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Key</th>
                <th scope="col">Base URL</th>
                <th scope="col">Set</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.provider}>
                  <td>{labelOf(key.provider)}</td>
                  <td>
                    <code>{key.maskedKey}</code>
                  </td>
                  <td>{key.baseUrl ?? "The provider's public API"}</td>
                  <td>{new Date(key.updatedAt).toLocaleString()}</td>
                  <td>
                    <ConfirmButton
                      label="Remove"
                      name={`Remove the ${labelOf(key.provider)} key`}
                      question={`Remove the ${labelOf(key.provider)} key? Runs then use the server's own key, or fail saying none is set.`}
                      confirmLabel="Yes, remove"
                      disabled={remove.isPending}
                      onConfirm={() => remove.mutate(key.provider)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ActionError error={remove.error} />
    </>
  );
}

/** The form that stores a provider's key (replacing the one it had) and its optional base URL. */
function SetProviderKey({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const [provider, setProvider] = useState<RunnableProviderId>(RUNNABLE_PROVIDERS[0]!.id);
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const save = useMutation({
    mutationFn: () => api.providers.put.mutate({ id: workspaceId, provider, apiKey: apiKey.trim(), baseUrl: baseUrl.trim() || null }),
    onSuccess: async () => {
      // The key leaves the page as soon as the server has it.
      setApiKey('');
      await client.invalidateQueries({ queryKey: ['provider-keys', workspaceId] });
    },
  });
  const chosen = RUNNABLE_PROVIDERS.find((p) => p.id === provider)!;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section aria-labelledby="set-key-title" className="panel">
      <h2 id="set-key-title">Set a provider key</h2>
      <form onSubmit={onSubmit}>
        <label>
          Provider
          <select name="provider" value={provider} onChange={(e) => setProvider(e.target.value as RunnableProviderId)}>
            {RUNNABLE_PROVIDERS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          API key
          <input name="apiKey" type="password" autoComplete="off" required maxLength={1000} value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
        </label>
        <label>
          Base URL (optional: an OpenAI-compatible server, a gateway or a proxy)
          <input name="baseUrl" type="url" placeholder={chosen.defaultBaseUrl} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
        </label>
        <button type="submit" disabled={save.isPending}>
          Save key
        </button>
        {save.isSuccess ? (
          <p className="meta" role="status">
            Saved the {labelOf(save.data.provider)} key ({save.data.maskedKey}): runs in this workspace use it now.
          </p>
        ) : null}
        <ActionError error={save.error} />
      </form>
    </section>
  );
}
