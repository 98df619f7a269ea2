/**
 * Which files a command works on: each path given is a file, or a folder searched for `*.prompt`
 * (or the patterns the command names; node_modules and dot-folders skipped); no path means the
 * current folder.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from './exitCodes.ts';

/** The files `promptstack lint` checks: prompts and their tests files. */
export const LINTED_FILES = ['**/*.prompt', '**/*.tests.yaml', '**/*.tests.yml'];

/** Absolute paths of the files matching `patterns` under `paths`, sorted, each once. */
export async function findPromptFiles(paths: readonly string[], cwd = process.cwd(), patterns: readonly string[] = ['**/*.prompt']): Promise<string[]> {
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
    const files = await glob([...patterns], { cwd: full, absolute: true, ignore: ['**/node_modules/**'], dot: false });
    for (const file of files) found.add(resolve(file));
  }
  return [...found].sort();
}
