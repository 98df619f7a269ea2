/** The workspace a page is about and the caller's role in it. */
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api.ts';

/** The workspace `workspaceId` (once known: a prompt's or experiment's page learns it from its data), with the caller's role. */
export function useWorkspaceQuery(workspaceId: string | undefined) {
  return useQuery({
    queryKey: ['workspace', workspaceId],
    queryFn: () => api.workspaces.get.query({ id: workspaceId! }),
    enabled: workspaceId !== undefined,
  });
}

/** The `:workspaceId` workspace, with the same query key as its overview page, so it is fetched once. */
export function useWorkspace() {
  const { workspaceId = '' } = useParams();
  const workspace = useWorkspaceQuery(workspaceId);
  return { workspaceId, workspace };
}
