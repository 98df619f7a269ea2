/** The workspace a page is about (its id from the address) and the caller's role in it. */
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api.ts';

/** The `:workspaceId` workspace, with the same query key as its overview page, so it is fetched once. */
export function useWorkspace() {
  const { workspaceId = '' } = useParams();
  const workspace = useQuery({ queryKey: ['workspace', workspaceId], queryFn: () => api.workspaces.get.query({ id: workspaceId }) });
  return { workspaceId, workspace };
}
