/** The labels of a project that only Admins move directly (`production` unless an Admin changed the list). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

/** A query of the project's protected labels; forms that depend on it wait for `ready`. */
export function useProtectedLabels(projectId: string | undefined) {
  const query = useQuery({
    queryKey: ['protected-labels', projectId],
    queryFn: () => api.governance.protectedLabels.get.query({ id: projectId! }),
    enabled: projectId !== undefined,
  });
  const names = new Set(query.data?.labels ?? []);
  return { query, ready: query.isSuccess, isProtected: (label: string) => names.has(label) };
}
