/** One project's prompts: search, open, and (for writers) create. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { AbTestsPanel } from '../components/AbTestsPanel.tsx';
import { DatasetsPanel } from '../components/DatasetsPanel.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { canWrite } from '../roles.ts';
import { useWorkspaceQuery } from './workspace/useWorkspace.ts';

const STARTER = `---
model: openai/gpt-4o-mini
input:
  schema:
    question: string
---
Answer briefly: {{question}}
`;

export function ProjectPage() {
  const { projectId = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const project = useQuery({ queryKey: ['project', projectId], queryFn: () => api.projects.get.query({ id: projectId }) });
  const workspaceId = project.data?.workspaceId;
  const workspace = useWorkspaceQuery(workspaceId);
  const prompts = useQuery({
    queryKey: ['prompts', projectId, q],
    queryFn: () => api.prompts.list.query({ projectId, q: q || undefined, page: 1, pageSize: 100 }),
    placeholderData: (previous) => previous,
  });
  const [name, setName] = useState('');
  const [content, setContent] = useState(STARTER);
  const create = useMutation({
    mutationFn: () => api.prompts.create.mutate({ projectId, name, content }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['prompts', projectId] });
      await navigate(`/prompts/${created.id}`);
    },
  });

  if (project.isPending) return <Loading what="the project" />;
  if (project.isError) return <ErrorState error={project.error} retry={() => void project.refetch()} />;
  const writable = canWrite(workspace.data?.role);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Workspaces</Link> / <Link to={`/workspaces/${project.data.workspaceId}`}>{workspace.data?.name ?? 'Workspace'}</Link>
      </nav>
      <h1>{project.data.name}</h1>
      <label className="search">
        Search prompts
        <input type="search" name="q" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {prompts.isPending ? <Loading what="prompts" /> : null}
      {prompts.isError ? <ErrorState error={prompts.error} retry={() => void prompts.refetch()} /> : null}
      {prompts.data?.items.length === 0 ? <Empty>{q ? `No prompt matches “${q}”.` : 'No prompts yet.'}</Empty> : null}
      <ul className="cards">
        {prompts.data?.items.map((prompt) => (
          <li key={prompt.id}>
            <Link to={`/prompts/${prompt.id}`}>{prompt.name}</Link>
            <span className="meta">
              v{prompt.latestVersionNumber} · updated {new Date(prompt.updatedAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
      {writable ? (
        <details className="panel">
          <summary>New prompt</summary>
          <form onSubmit={onSubmit}>
            <label>
              Name
              <input name="promptName" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Source (.prompt)
              <textarea name="promptSource" rows={10} spellCheck={false} value={content} onChange={(e) => setContent(e.target.value)} />
            </label>
            <button type="submit" disabled={create.isPending}>
              Create prompt
            </button>
            {create.isError ? (
              <p className="error" role="alert">
                {errorMessage(create.error)}
              </p>
            ) : null}
          </form>
        </details>
      ) : null}
      <AbTestsPanel projectId={projectId} prompts={prompts.data?.items ?? []} writable={writable} />
      <DatasetsPanel projectId={projectId} prompts={prompts.data?.items ?? []} writable={writable} />
    </section>
  );
}
