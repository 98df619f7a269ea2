/**
 * The signed-in user's account: change the password. The current password is required; the
 * server ends every other session of the user and gives this browser a fresh one.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.ts';
import { useSession } from '../session.tsx';

/** The server's shortest accepted password (the API refuses shorter ones with the same rule). */
const MIN_PASSWORD_LENGTH = 8;

export function AccountPage() {
  const { user } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeated, setRepeated] = useState('');
  const change = useMutation({
    mutationFn: () => api.auth.changePassword.mutate({ currentPassword, newPassword }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setRepeated('');
    },
  });
  const mismatch = repeated !== '' && repeated !== newPassword;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!mismatch) change.mutate();
  }

  return (
    <section>
      <h1>Your account</h1>
      <p className="meta">Signed in as {user?.name ? `${user.name} (${user.email ?? ''})` : (user?.email ?? '')}</p>
      <h2>Change password</h2>
      <form className="stack narrow" onSubmit={onSubmit}>
        <label>
          Current password
          <input
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New password (at least {MIN_PASSWORD_LENGTH} characters)
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
          />
        </label>
        <label>
          New password again
          <input
            name="repeatedPassword"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'password-mismatch' : undefined}
            value={repeated}
            onChange={(e) => setRepeated(e.target.value)}
          />
        </label>
        {mismatch ? (
          <p id="password-mismatch" className="error">
            The two new passwords differ.
          </p>
        ) : null}
        <div className="inline">
          <button type="submit" disabled={change.isPending || mismatch}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
        {change.isSuccess ? <p role="status">Password changed. Your other sessions are signed out; this one stays signed in.</p> : null}
        {change.isError ? (
          <p className="error" role="alert">
            {errorMessage(change.error)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
