/** The signed-in user, read from the session cookie through `auth.session`. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

export interface SessionUser {
  name: string | null;
  email: string | null;
}

export const sessionKey = ['session'] as const;

/** The current user, `null` when signed out, `undefined` while loading. */
export function useSession(): { user: SessionUser | null | undefined; refresh: () => Promise<void> } {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: sessionKey,
    queryFn: async () => {
      const session = await api.auth.session.query();
      return 'user' in session && session.user ? { name: session.user.name ?? null, email: session.user.email ?? null } : null;
    },
    staleTime: 60_000,
  });
  return {
    user: query.isPending ? undefined : (query.data ?? null),
    refresh: () => client.invalidateQueries({ queryKey: sessionKey }),
  };
}
