/**
 * The `.prompt` source of a prompt version: how it is built from the seed's POST/PUT fields,
 * how it is split, hashed and parsed into the fields a version stores.
 *
 * The source is the single truth of a version: it is stored byte for byte and the parsed
 * fields (model, config, variables) are derived from it, so downloading a version and uploading
 * it again yields the same bytes and the same hash.
 */
import { createHash } from 'node:crypto';
import { isMap, parseDocument } from 'yaml';
import { parsePromptFields } from './promptFields.ts';
import type { ParsedPromptFields } from './promptFields.ts';

/** A `---` fence line opening the file, the frontmatter, and the first `---` line closing it. */
const FRONTMATTER_PATTERN = /^---[ \t]*(\r?\n)([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

/** The parts of a `.prompt` source; `frontmatter` is null when the file has none. */
export interface SplitSource {
  frontmatter: string | null;
  body: string;
  /** Line ending used by the fences, reused when the frontmatter is rewritten. */
  newline: string;
}

/** Splits a source into frontmatter text and template body without changing either. */
export function splitPromptSource(source: string): SplitSource {
  const match = source.startsWith('---') ? FRONTMATTER_PATTERN.exec(source) : null;
  if (!match || match.index !== 0) return { frontmatter: null, body: source, newline: '\n' };
  return { frontmatter: match[2] ?? '', body: source.slice(match[0].length), newline: match[1] ?? '\n' };
}

/** True when `content` is a whole `.prompt` file (opens with a frontmatter fence) rather than a bare template. */
export function isWholeSource(content: string): boolean {
  return splitPromptSource(content).frontmatter !== null;
}

/** sha256 (hex) of the exact UTF-8 bytes of the source: equal hashes mean identical files. */
export function contentHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

/** Fields of a create/update request that shape the source. Undefined means "keep". */
export interface SourceEdit {
  /** A template body, or a whole `.prompt` file. */
  content?: string;
  model?: string;
  temperature?: number;
}

export type SourceResult = { ok: true; source: string } | { ok: false; message: string };

/**
 * Builds the source of the next version from an edit and the latest source (if any).
 * - `content` as a whole file replaces the source; as a bare template it replaces the body
 *   and keeps the latest frontmatter.
 * - `model` / `temperature` are written into the frontmatter only when they differ from what
 *   it already says, so a request that restates the current values changes no byte.
 */
export function buildPromptSource(edit: SourceEdit, latest?: string): SourceResult {
  let frontmatter: string | null;
  let body: string;
  let newline = '\n';
  if (edit.content !== undefined && isWholeSource(edit.content)) {
    ({ frontmatter, body, newline } = splitPromptSource(edit.content));
  } else {
    if (edit.content === undefined && latest === undefined) return { ok: false, message: 'content is required' };
    const base = latest === undefined ? { frontmatter: null, body: '', newline } : splitPromptSource(latest);
    frontmatter = base.frontmatter;
    newline = base.newline;
    body = edit.content ?? base.body;
  }
  const edited = applyFrontmatterEdits(frontmatter, edit, newline);
  if (!edited.ok) return edited;
  if (edited.frontmatter === null) return { ok: true, source: body };
  const fm = edited.frontmatter;
  const closing = fm === '' || fm.endsWith('\n') ? '' : newline;
  return { ok: true, source: `---${newline}${fm}${closing}---${newline}${body}` };
}

/** Sets `model` and `config.temperature` in frontmatter text, touching it only when a value changes. */
function applyFrontmatterEdits(
  frontmatter: string | null,
  edit: SourceEdit,
  newline: string,
): { ok: true; frontmatter: string | null } | { ok: false; message: string } {
  const wanted: Array<[string[], string | number]> = [];
  if (edit.model !== undefined) wanted.push([['model'], edit.model]);
  if (edit.temperature !== undefined) wanted.push([['config', 'temperature'], edit.temperature]);
  if (wanted.length === 0) return { ok: true, frontmatter };
  const doc = parseDocument(frontmatter ?? '');
  if (doc.errors.length > 0) return { ok: false, message: `frontmatter is not valid YAML: ${doc.errors[0]!.message}` };
  if (doc.contents !== null && !isMap(doc.contents)) return { ok: false, message: 'frontmatter must be a YAML mapping' };
  const changes = wanted.filter(([path, value]) => doc.getIn(path) !== value);
  if (changes.length === 0) return { ok: true, frontmatter };
  for (const [path, value] of changes) doc.setIn(path, value);
  const text = doc.toString();
  return { ok: true, frontmatter: newline === '\n' ? text : text.replace(/\n/g, newline) };
}

/** A source ready to store: the exact text, its hash and the fields parsed from it. */
export interface PreparedSource extends ParsedPromptFields {
  source: string;
  contentHash: string;
}

export type PrepareResult = { ok: true; value: PreparedSource } | { ok: false; message: string };

/** Hashes and parses a source; fails (as data) when the frontmatter or template cannot be parsed. */
export function preparePromptSource(source: string): PrepareResult {
  const parsed = parsePromptFields(source);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { source, contentHash: contentHash(source), ...parsed.value } };
}
