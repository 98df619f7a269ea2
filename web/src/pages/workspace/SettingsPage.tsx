/**
 * A workspace's name, slug (its short name) and limits: members, prompts and the monthly spend
 * limit (an empty field means no limit). Admins change them; everyone else reads them.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api.ts';
import { formatUsd } from '../../components/RunPanel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { isAdmin } from '../../roles.ts';
import { useWorkspace } from './useWorkspace.ts';
import { WorkspaceCrumbs } from './WorkspaceCrumbs.tsx';

interface Settings {
  name: string;
  slug: string | null;
  maxMembers: number | null;
  maxPrompts: number | null;
  monthlySpendLimitUsd: number | null;
}

export function SettingsPage() {
  const { workspaceId, workspace } = useWorkspace();
  if (workspace.isPending) return <Loading what="the workspace" />;
  if (workspace.isError) return <ErrorState error={workspace.error} retry={() => void workspace.refetch()} />;
  const current = workspace.data;
  return (
    <section>
      <WorkspaceCrumbs workspaceId={workspaceId} name={current.name} />
      <h1>Settings of {current.name}</h1>
      {isAdmin(current.role) ? (
        <SettingsForm workspaceId={workspaceId} current={current} />
      ) : (
        <>
          <p className="meta">Only Admins change these.</p>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{current.name}</dd>
            <dt>Slug</dt>
            <dd>{current.slug ?? '—'}</dd>
            <dt>Members at most</dt>
            <dd>{current.maxMembers ?? 'No limit'}</dd>
            <dt>Prompts at most</dt>
            <dd>{current.maxPrompts ?? 'No limit'}</dd>
            <dt>Monthly spend limit</dt>
            <dd>{current.monthlySpendLimitUsd === null ? 'No limit' : formatUsd(current.monthlySpendLimitUsd)}</dd>
          </dl>
        </>
      )}
    </section>
  );
}

/** A limit field's text as the server's value: empty is no limit. */
function limitOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

function SettingsForm({ workspaceId, current }: { workspaceId: string; current: Settings }) {
  const client = useQueryClient();
  const [name, setName] = useState(current.name);
  const [slug, setSlug] = useState(current.slug ?? '');
  const [maxMembers, setMaxMembers] = useState(current.maxMembers?.toString() ?? '');
  const [maxPrompts, setMaxPrompts] = useState(current.maxPrompts?.toString() ?? '');
  const [spend, setSpend] = useState(current.monthlySpendLimitUsd?.toString() ?? '');
  const save = useMutation({
    mutationFn: () =>
      api.workspaces.update.mutate({
        id: workspaceId,
        name,
        slug: slug.trim() === '' ? null : slug,
        maxMembers: limitOf(maxMembers),
        maxPrompts: limitOf(maxPrompts),
        monthlySpendLimitUsd: limitOf(spend),
      }),
    onSuccess: async (updated) => {
      client.setQueryData(['workspace', workspaceId], updated);
      await client.invalidateQueries({ queryKey: ['workspaces'] });
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form className="stack settings" onSubmit={onSubmit}>
      <label>
        Name
        <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Slug, the workspace's short name (lowercase letters, digits and -; optional)
        <input name="slug" maxLength={63} pattern="[a-z0-9][a-z0-9\-]*" value={slug} onChange={(e) => setSlug(e.target.value)} />
      </label>
      <fieldset>
        <legend>Limits (leave empty for no limit)</legend>
        <label>
          Members at most
          <input name="maxMembers" type="number" min={1} max={1_000_000} step={1} value={maxMembers} onChange={(e) => setMaxMembers(e.target.value)} />
        </label>
        <label>
          Prompts at most
          <input name="maxPrompts" type="number" min={1} max={1_000_000} step={1} value={maxPrompts} onChange={(e) => setMaxPrompts(e.target.value)} />
        </label>
        <label>
          Monthly spend limit (USD)
          <input name="monthlySpendLimitUsd" type="number" min={0} step="0.01" value={spend} onChange={(e) => setSpend(e.target.value)} />
        </label>
      </fieldset>
      <div className="inline">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
      {save.isSuccess ? <p role="status">Settings saved.</p> : null}
      {save.isError ? (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
    </form>
  );
}
