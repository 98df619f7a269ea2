/** Sign in and sign up: the same session cookie the API and the editor use. */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { useSession } from '../session.tsx';

export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { user, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = useMutation({
    mutationFn: async () => {
      if (mode === 'signup') await api.auth.signup.mutate({ name, email, password });
      await api.auth.signin.mutate({ email, password });
    },
    onSuccess: async () => {
      await refresh();
      await navigate(next, { replace: true });
    },
  });

  if (user) return <Navigate to={next} replace />;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit.mutate();
  }

  const title = mode === 'signin' ? 'Sign in to PromptStack' : 'Create your PromptStack account';
  return (
    <main id="main" className="auth">
      <h1>{title}</h1>
      <form onSubmit={onSubmit} aria-describedby={submit.isError ? 'auth-error' : undefined}>
        {mode === 'signup' ? (
          <label>
            Name
            <input name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        ) : null}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'signup' ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {submit.isError ? (
          <p id="auth-error" className="error" role="alert">
            {errorMessage(submit.error)}
          </p>
        ) : null}
        <button type="submit" disabled={submit.isPending}>
          {submit.isPending ? 'Please wait…' : mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        {mode === 'signin' ? (
          <>
            New here? <Link to={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
          </>
        ) : (
          <>
            Have an account? <Link to={`/signin?next=${encodeURIComponent(next)}`}>Sign in</Link>
          </>
        )}
      </p>
    </main>
  );
}
