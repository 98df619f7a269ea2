/** A secret the server shows only once (an API key, a webhook's signing secret), with a copy button and what to do with it. */
import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton.tsx';

/** `what` names the secret for the copy button ("the new API key"); `children` says where to store it. */
export function OneTimeSecret({ secret, what, children }: { secret: string; what: string; children: ReactNode }) {
  return (
    <div role="status">
      <p>
        <strong>Copy it now: it is shown only this once.</strong> {children}
      </p>
      <p className="inline">
        <code className="secret">{secret}</code>
        <CopyButton text={secret} what={what} />
      </p>
    </div>
  );
}
