/** The frame of every signed-in page: a header with the user and sign-out, then the page. */
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';
import { Loading } from './States.tsx';

export function Layout() {
  const { user } = useSession();
  const location = useLocation();
  const client = useQueryClient();
  if (user === undefined) return <Loading what="your session" />;
  if (user === null) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname)}`} replace />;

  async function signOut() {
    await api.auth.signout.mutate();
    client.clear();
    window.location.assign('/signin');
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          PromptStack
        </Link>
        <Link to="/account" className="who" aria-label={`Your account: ${user.name ?? user.email ?? ''}`}>
          {user.name ?? user.email}
        </Link>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
