/**
 * A JSON value as a collapsible tree of plain `<details>` elements: objects and arrays fold,
 * scalars show typed. Text goes in as text nodes (through `h`), never as HTML.
 */
import { h } from '../shared/dom.ts';

/** The tree of `value`, its top level open; `label` names the root (`answer`). */
export function jsonTree(value: unknown, label: string, open = true): HTMLElement {
  if (value === null || typeof value !== 'object') {
    return h('div', { className: 'json-leaf' }, h('span', { className: 'json-key' }, `${label}: `), scalar(value));
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return h(
    'details',
    { className: 'json-node', open },
    h('summary', {}, h('span', { className: 'json-key' }, label), ' ', h('span', { className: 'muted' }, summary)),
    h('div', { style: 'padding-left:1.2em' }, ...entries.map(([key, child]) => jsonTree(child, key, false))),
  );
}

function scalar(value: unknown): HTMLElement {
  const kind = value === null ? 'null' : typeof value;
  return h('span', { className: `json-${kind}` }, typeof value === 'string' ? JSON.stringify(value) : String(value));
}
