/**
 * A button for something that cannot be undone (remove a member, revoke a key, withdraw an
 * invitation): the first press asks, in words, and only "Yes, …" does it. Focus moves to the
 * question's answer buttons so a keyboard user lands where the choice is.
 */
import { useEffect, useRef, useState } from 'react';

/** `label` is the button's text, `name` its fuller accessible name; `question` says what will happen; `onConfirm` does it. */
export function ConfirmButton({
  label,
  name,
  question,
  confirmLabel,
  onConfirm,
  disabled = false,
}: {
  label: string;
  name?: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className="secondary" aria-label={name} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={question} className="confirm">
      <span>{question}</span>
      <button
        ref={yes}
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
