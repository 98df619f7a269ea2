/**
 * What Postgres `text` and `jsonb` cannot hold: the NUL character (U+0000) and UTF-16 code units
 * that are half of a surrogate pair with no other half (they have no UTF-8 form). Inputs where
 * such a character makes no sense are refused with the field named (`findUnstorableText`); text
 * that must come back exactly as it went in (provider answers, run inputs) is stored through a
 * lossless escape (`encodeStoredText` / `decodeStoredText`).
 *
 * The escape uses the private-use character U+E000 as its marker:
 *   U+0000            -> U+E000 '0'
 *   U+E000 itself     -> U+E000 'E'
 *   lone surrogate XY -> U+E000 'u' + four lower-case hex digits
 * so text without a NUL, a lone surrogate or U+E000 is stored unchanged.
 */

/** Any character that needs the escape (or makes a field unstorable when unescaped). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what Postgres text cannot hold
const NEEDS_ESCAPE = /[\u0000\uE000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NEEDS_ESCAPE_ALL = new RegExp(NEEDS_ESCAPE.source, 'g');
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ESCAPED_ALL = /\uE000(0|E|u[0-9a-f]{4})/g;
const MARKER = '\uE000';

/** Whether `text` holds a NUL or an unpaired surrogate. */
export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** `text` in a form Postgres can hold; {@link decodeStoredText} gives back exactly `text`. */
export function encodeStoredText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(NEEDS_ESCAPE_ALL, (c) => (c === '\u0000' ? `${MARKER}0` : c === MARKER ? `${MARKER}E` : `${MARKER}u${c.charCodeAt(0).toString(16)}`));
}

/** The text {@link encodeStoredText} was given. */
export function decodeStoredText(stored: string): string {
  if (!stored.includes(MARKER)) return stored;
  return stored.replace(ESCAPED_ALL, (_, code: string) => (code === '0' ? '\u0000' : code === 'E' ? MARKER : String.fromCharCode(parseInt(code.slice(1), 16))));
}

/** Applies `map` to every string (values and keys) of a JSON value, without recursion. */
function mapJsonStrings(value: unknown, map: (text: string) => string): unknown {
  const convert = (v: unknown): unknown => (typeof v === 'string' ? map(v) : Array.isArray(v) ? [...v] : v !== null && typeof v === 'object' ? { ...v } : v);
  const root = convert(value);
  const pending: unknown[] = [root];
  while (pending.length) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = convert(node[i]);
        if (node[i] !== null && typeof node[i] === 'object') pending.push(node[i]);
      }
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const child = convert(record[key]);
        const mapped = map(key);
        if (mapped !== key) delete record[key];
        record[mapped] = child;
        if (child !== null && typeof child === 'object') pending.push(child);
      }
    }
  }
  return root;
}

/** A JSON value with every string (keys too) passed through {@link encodeStoredText}. */
export function encodeStoredJson<T>(value: T): T {
  return mapJsonStrings(value, encodeStoredText) as T;
}

/** The JSON value {@link encodeStoredJson} was given. */
export function decodeStoredJson<T>(value: T): T {
  return mapJsonStrings(value, decodeStoredText) as T;
}

/**
 * The path of the first string (value or key) in `value` holding a NUL or an unpaired surrogate,
 * as `name`, `items[2].text` or `(input)` for a bare string; undefined when there is none.
 * `skip` lists top-level fields whose text is stored encoded, so anything goes there.
 */
export function findUnstorableText(value: unknown, skip: readonly string[] = []): string | undefined {
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length) {
    const [node, path] = pending.pop()!;
    if (typeof node === 'string') {
      if (isUnstorableText(node)) return path || '(input)';
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => pending.push([child, `${path}[${i}]`]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (!path && skip.includes(key)) continue;
        const childPath = path ? `${path}.${key}` : key;
        if (isUnstorableText(key)) return childPath;
        pending.push([child, childPath]);
      }
    }
  }
  return undefined;
}
