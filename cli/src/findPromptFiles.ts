/**
 * Which `.prompt` files a command works on: each path given is a file, or a folder searched for
 * `*.prompt` (node_modules and dot-folders skipped); no path means the current folder.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from './exitCodes.ts';

/** Absolute paths of the prompt files under `paths`, sorted, each once. */
export async function findPromptFiles(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths.length ? paths : ['.']) {
    const full = resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(full).isDirectory();
    } catch {
      throw new UsageError(`No such file or folder: ${given}`);
    }
    if (!isDirectory) {
      found.add(full);
      continue;
    }
    const files = await glob('**/*.prompt', { cwd: full, absolute: true, ignore: ['**/node_modules/**'], dot: false });
    for (const file of files) found.add(resolve(file));
  }
  return [...found].sort();
}
