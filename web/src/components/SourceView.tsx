/**
 * A `.prompt` source, highlighted. Token colors are applied through React's style objects (the
 * CSSOM), which the page's Content-Security-Policy allows, unlike inline style attributes in HTML.
 */
import { useEffect, useState } from 'react';
import type { ThemedToken } from '@shikijs/core';

export function SourceView({ source, label }: { source: string; label: string }) {
  const [lines, setLines] = useState<ThemedToken[][] | undefined>();
  useEffect(() => {
    let live = true;
    setLines(undefined);
    import('./highlighter.ts')
      .then(({ tokenize }) => tokenize(source))
      .then((tokens) => {
        if (live) setLines(tokens);
      })
      // Without colors the source is still shown as plain text below.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [source]);

  return (
    <pre className="source" aria-label={label} tabIndex={0}>
      <code>
        {lines
          ? lines.map((line, i) => (
              <span className="line" key={i}>
                {line.map((token, j) => (
                  <span key={j} style={token.color ? { color: token.color } : undefined}>
                    {token.content}
                  </span>
                ))}
                {'\n'}
              </span>
            ))
          : source}
      </code>
    </pre>
  );
}
