/**
 * The baseline of a `--baseline <git ref>` run: each prompt (and its partials) as it was at that
 * ref, read with `git show` so the working tree is never touched. A prompt that did not exist at
 * the ref has no baseline.
 */
import { execFile } from 'node:child_process';
import { relative, sep } from 'node:path';
import { promisify } from 'node:util';
import type { PartialResolver } from '@promptstack/core';
import { partialFilePath } from '@promptstack/language-server/analysis/partials';

const run = promisify(execFile);

/** What a run of one prompt needs: its text and where its partials come from. */
export interface PromptVersion {
  source: string;
  partialResolver: PartialResolver;
}

/**
 * Reads files as they were at `ref` in the repository holding `cwd`; null when `ref` is not a commit
 * there (or there is no repository), so the caller can try it as a backend label.
 */
export async function gitRevision(ref: string, cwd: string): Promise<((file: string) => Promise<string | null>) | null> {
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
    await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top });
  } catch {
    return null;
  }
  return async (file) => {
    const path = relative(top, file).split(sep).join('/');
    try {
      return (await run('git', ['show', `${ref}:${path}`], { cwd: top, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch {
      return null;
    }
  };
}

/** The prompt at the ref, with partials read at the same ref; null when the prompt is new. */
export async function promptAtRevision(promptFile: string, read: (file: string) => Promise<string | null>): Promise<PromptVersion | null> {
  const source = await read(promptFile);
  if (source === null) return null;
  return { source, partialResolver: (name) => read(partialFilePath(promptFile, name)) };
}
