/**
 * Where partials live on disk, for everything that resolves them: the language server's
 * diagnostics, completion, go to definition and cost estimate, and the extension's local runs. Dotprompt's directory store (`DirStore.loadPartial` in
 * dotprompt/src/stores/dir.ts, v1.1.2) resolves `{{> name}}` to `_name.prompt` and
 * `{{> dir/name}}` to `dir/_name.prompt`, relative to the prompt directory; there is no
 * fallback to `name.prompt` (a file without the underscore is a prompt, never a partial), and
 * Genkit's folder loader registers partials by the same underscore rule. The editor does not
 * know Genkit's prompt root, so we resolve beside the document, which is where both tools
 * look for a prompt in that directory.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { includedPartialNames } from '../format/includedPartials.ts';
import type { PartialResolver } from './renderPrompt.ts';

/** The file a partial name resolves to for a prompt at `promptPath` (`_name.prompt` beside it). */
export function partialFilePath(promptPath: string, name: string): string {
  const dir = path.dirname(name);
  return path.join(path.dirname(promptPath), dir, `_${path.basename(name)}.prompt`);
}

/** Whether `{{> name}}` resolves to a file, as Dotprompt's directory store would find it. */
export function partialExistsBeside(promptPath: string, name: string): boolean {
  try {
    return statSync(partialFilePath(promptPath, name)).isFile();
  } catch {
    return false;
  }
}

/** Partial names available beside a prompt: `_greeting.prompt` -> `greeting` (variants skipped). */
export function listPartialNames(promptPath: string): string[] {
  const dir = path.dirname(promptPath);
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir)
      .map((file) => /^_([^.]+)\.prompt$/.exec(file)?.[1])
      .filter((name): name is string => name !== undefined)
      .sort();
  } catch {
    return [];
  }
}

/**
 * The `partialResolver` for rendering a prompt at `promptPath`: reads `{{> name}}` from the file
 * `partialFilePath` names, or null when there is none (dotprompt then reports the missing partial).
 */
export function partialResolverBeside(promptPath: string): PartialResolver {
  return (name: string) => readPartialBeside(promptPath, name);
}

/** The text of `{{> name}}` for a prompt at `promptPath`, or null when there is no such file. */
export function readPartialBeside(promptPath: string, name: string): string | null {
  try {
    return readFileSync(partialFilePath(promptPath, name), 'utf8');
  } catch {
    return null;
  }
}

/** The partial files a prompt includes, read from disk: texts by name, and names with no file. */
export interface PartialsBeside {
  partials: Record<string, string>;
  missing: string[];
}

/**
 * Every partial `source` (the prompt at `promptPath`) includes, directly or through other
 * partials, read as `partialResolverBeside` reads them: what a push sends with the prompt so the
 * backend renders what the editor renders.
 */
export function collectPartialsBeside(promptPath: string, source: string): PartialsBeside {
  const result: PartialsBeside = { partials: {}, missing: [] };
  const pending = includedPartialNames(source);
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const text = readPartialBeside(promptPath, name);
    if (text === null) {
      result.missing.push(name);
      continue;
    }
    result.partials[name] = text;
    pending.push(...includedPartialNames(text));
  }
  return result;
}
