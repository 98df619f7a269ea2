/**
 * The sync fields in a `.prompt` file's frontmatter. The link to a backend prompt is the Dotprompt
 * extension field `promptstack.id` (Dotprompt reads dotted top-level keys as extension fields,
 * `ext.promptstack.id`), one line the extension writes in place so comments, order and the rest
 * of the file are untouched. Pure text functions, shared by the extension and the CLI.
 */

/** The frontmatter key holding the backend prompt id. */
export const LINK_KEY = 'promptstack.id';

/** An edit of the file text: replace `length` characters at `offset` with `text`. */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/** `---` opening the file (after an optional BOM), the frontmatter, and the closing `---` line. */
const FRONTMATTER = /^(\ufeff?)---[ \t]*(\r?\n)([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;
/** A top-level `promptstack.<field>:` line (no indentation), with its value. */
const SYNC_LINE = /^promptstack\.([A-Za-z0-9_]+)[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$/gm;

interface Frontmatter {
  /** Offset of the first character after the opening fence line. */
  start: number;
  /** Offset of the closing fence line. */
  end: number;
  newline: string;
}

function findFrontmatter(text: string): Frontmatter | undefined {
  const match = FRONTMATTER.exec(text);
  if (!match || match.index !== 0) return undefined;
  // The opening fence line is `---` plus blanks, so its line break is the file's first one.
  const start = text.indexOf('\n') + 1;
  return { start, end: start + (match[3] ?? '').length, newline: match[2] ?? '\n' };
}

/** Each top-level `promptstack.*` line of the frontmatter: field name, value and line span. */
function syncLines(text: string): { field: string; value: string; start: number; end: number }[] {
  const fm = findFrontmatter(text);
  if (!fm) return [];
  const block = text.slice(fm.start, fm.end);
  return [...block.matchAll(SYNC_LINE)].map((m) => ({
    field: m[1] ?? '',
    value: unquote(m[2] ?? ''),
    start: fm.start + (m.index ?? 0),
    end: fm.start + (m.index ?? 0) + m[0].length,
  }));
}

/** The backend prompt id the file is linked to, if any. */
export function readLinkedId(text: string): string | undefined {
  const line = syncLines(text).find((l) => l.field === 'id');
  return line?.value ? line.value : undefined;
}

/** The change that sets `promptstack.id` to `id`: the existing value, else a new line at the end of the frontmatter, else a new frontmatter. */
export function linkChange(text: string, id: string): TextChange {
  const entry = `${LINK_KEY}: ${yamlScalar(id)}`;
  const existing = syncLines(text).find((l) => l.field === 'id');
  if (existing) return { offset: existing.start, length: existing.end - existing.start, text: entry };
  const fm = findFrontmatter(text);
  if (fm) {
    // Before the closing fence; a frontmatter not ending in a newline gets one first.
    const needsBreak = fm.end > fm.start && !/\r?\n$/.test(text.slice(fm.start, fm.end));
    return { offset: fm.end, length: 0, text: `${needsBreak ? fm.newline : ''}${entry}${fm.newline}` };
  }
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  const newline = /\r\n/.test(text) ? '\r\n' : '\n';
  return { offset: bom, length: 0, text: `---${newline}${entry}${newline}---${newline}` };
}

/** `text` with `change` applied. */
export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
}

/** `text` linked to `id` (whatever it was linked to before). */
export function withLinkedId(text: string, id: string): string {
  return applyChange(text, linkChange(text, id));
}

/**
 * The file as sync compares it: without `promptstack.*` lines, so a file that differs from a
 * version only by its link line counts as unchanged. An emptied frontmatter is dropped too.
 */
export function withoutSyncFields(text: string): string {
  let result = text;
  for (const line of syncLines(text).reverse()) {
    const after = result.slice(line.end);
    const lineBreak = /^\r?\n/.exec(after)?.[0] ?? '';
    result = result.slice(0, line.start) + after.slice(lineBreak.length);
  }
  return result.replace(/^(\ufeff?)---[ \t]*\r?\n---[ \t]*(?:\r?\n|$)/, '$1');
}

/** True when the two sources are the same prompt, ignoring sync fields. */
export function sameContent(a: string, b: string): boolean {
  return withoutSyncFields(a) === withoutSyncFields(b);
}

/** Ids are uuids today; anything else is quoted so YAML cannot read it as a number or date. */
function yamlScalar(value: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) || /^[A-Za-z][A-Za-z0-9_-]*$/.test(value)
    ? value
    : JSON.stringify(value);
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  if (!quoted) return value;
  try {
    return value.startsWith('"') ? (JSON.parse(value) as string) : (quoted[1] ?? '').replace(/''/g, "'");
  } catch {
    return quoted[1] ?? '';
  }
}
