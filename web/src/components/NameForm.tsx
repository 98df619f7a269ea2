/**
 * The one-field form that creates something by name (a workspace, a project, a dataset): the
 * label, the button, the pending state and the server's error, and the field cleared once created.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api.ts';

/** `create` receives the typed name and resolves when the thing exists. */
export function NameForm({
  label,
  button,
  fieldName,
  maxLength = 100,
  create,
}: {
  label: string;
  button: string;
  fieldName: string;
  maxLength?: number;
  create: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState('');
  const mutation = useMutation({ mutationFn: create, onSuccess: () => setName('') });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate(name);
  }

  return (
    <form className="inline" onSubmit={onSubmit}>
      <label>
        {label}
        <input name={fieldName} required maxLength={maxLength} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" disabled={mutation.isPending}>
        {button}
      </button>
      {mutation.isError ? (
        <p className="error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      ) : null}
    </form>
  );
}
