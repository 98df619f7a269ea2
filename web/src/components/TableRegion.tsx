/**
 * A data table in a region that scrolls sideways on its own (the page never does at phone width),
 * focusable so a keyboard can scroll it, named for screen readers.
 */
import type { ReactNode } from 'react';

/** `label` names the region; `columns` are the header cells; `children` are the body rows. */
export function TableRegion({ label, caption, columns, children }: { label: string; caption?: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className="runs">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
