/** Small readers of JSON Schema values shared by the schema checks. */
import { isRecord } from './outputSchema.ts';

/** A schema's `type` as a list (`['string', 'null']`), empty when absent. */
export function typesOf(schema: unknown): string[] {
  if (!isRecord(schema)) return [];
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** `['properties', 'user', 'items', 'properties', 'age']` -> `user[].age`. */
export function pathLabel(path: readonly string[]): string {
  let label = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (segment === 'properties' && i + 1 < path.length) label += (label ? '.' : '') + path[++i]!;
    else if (segment === 'items') label += '[]';
    else label += (label ? '.' : '') + segment;
  }
  return label || '(root)';
}

/** A JSON pointer of core's (`/properties/tags/items`, or `(root)`) as path segments. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer.startsWith('/')) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
