/**
 * Where partials live on disk. Dotprompt's directory store (`DirStore.loadPartial` in
 * dotprompt/src/stores/dir.ts, v1.1.2) resolves `{{> name}}` to `_name.prompt` and
 * `{{> dir/name}}` to `dir/_name.prompt`, relative to the prompt directory; there is no
 * fallback to `name.prompt` (a file without the underscore is a prompt, never a partial), and
 * Genkit's folder loader registers partials by the same underscore rule. The editor does not
 * know Genkit's prompt root, so we resolve beside the document, which is where both tools
 * look for a prompt in that directory.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file system path of a `file:` URI, or undefined for unsaved/virtual documents. */
export function uriToFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

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
