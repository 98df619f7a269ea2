/**
 * Copies a text to the clipboard and says so; when the browser refuses (no clipboard permission,
 * an insecure origin), it says to copy the shown text by hand instead.
 */
import { useState } from 'react';

/** `what` names the text for the button's accessible name, e.g. "the API key". */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | undefined>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed');
    }
  }
  return (
    <span className="copy">
      <button type="button" className="secondary" aria-label={`Copy ${what}`} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className={outcome === 'failed' ? 'error' : 'meta'}>
        {outcome === 'copied' ? 'Copied.' : outcome === 'failed' ? 'The browser did not allow copying: select the text and copy it.' : ''}
      </span>
    </span>
  );
}
