/** Two versions side by side, line by line (the `diff` package's line diff), changes marked for eyes and screen readers. */
import { diffLines } from 'diff';

interface Row {
  left?: string;
  right?: string;
  kind: 'same' | 'removed' | 'added' | 'changed';
}

function rowsOf(before: string, after: string): Row[] {
  const rows: Row[] = [];
  const parts = diffLines(before, after);
  const split = (text: string) => text.replace(/\n$/, '').split('\n');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (const line of split(part.value)) rows.push({ left: line, right: line, kind: 'same' });
    } else if (part.removed && parts[i + 1]?.added) {
      // A removal followed by an addition is a change: pair the lines up.
      const left = split(part.value);
      const right = split(parts[i + 1]!.value);
      for (let k = 0; k < Math.max(left.length, right.length); k++) rows.push({ left: left[k], right: right[k], kind: 'changed' });
      i++;
    } else {
      for (const line of split(part.value)) rows.push(part.added ? { right: line, kind: 'added' } : { left: line, kind: 'removed' });
    }
  }
  return rows;
}

export function DiffView({ before, after, beforeLabel, afterLabel }: { before: string; after: string; beforeLabel: string; afterLabel: string }) {
  const rows = rowsOf(before, after);
  const changes = rows.filter((row) => row.kind !== 'same').length;
  return (
    <div className="diff-wrap" tabIndex={0} role="region" aria-label={`Differences between ${beforeLabel} and ${afterLabel}`}>
      <p className="meta">{changes === 0 ? 'The two versions are identical.' : `${changes} changed line${changes === 1 ? '' : 's'}.`}</p>
      <table className="diff">
        <thead>
          <tr>
            <th scope="col">{beforeLabel}</th>
            <th scope="col">{afterLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={row.kind}>
              <td className={row.kind === 'removed' || row.kind === 'changed' ? 'del' : undefined}>
                {row.kind === 'removed' || row.kind === 'changed' ? <span className="sr-only">removed: </span> : null}
                {row.left ?? ''}
              </td>
              <td className={row.kind === 'added' || row.kind === 'changed' ? 'ins' : undefined}>
                {row.kind === 'added' || row.kind === 'changed' ? <span className="sr-only">added: </span> : null}
                {row.right ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
