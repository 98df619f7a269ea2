/**
 * Where a linked `.prompt` file stands against its backend prompt, by content (ignoring the
 * `promptstack.*` lines) and by the version it was based on:
 * - in sync: the file is the latest version;
 * - behind: the file is an older version (pull brings the latest);
 * - ahead: the file changed since the latest version (push makes a new one);
 * - diverged: the file changed since an older version, or since none the backend has (merge first).
 * The base is the version the file last matched: the file itself, else its newest git commit whose
 * content is a version. No state is kept beside the files, so a fresh clone in CI knows as much as
 * the laptop it was pushed from.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { readLinkedId, sameContent } from '@promptstack/core/format/syncFields';
import type { BackendClient, BackendPrompt } from '../backend/backendClient.ts';

const run = promisify(execFile);

/** Git commits of a file searched for its base, newest first. */
const HISTORY_DEPTH = 50;

export type SyncState = 'in sync' | 'behind' | 'ahead' | 'diverged';

/** One linked file's standing. */
export interface FileStatus {
  file: string;
  promptId: string;
  text: string;
  prompt: BackendPrompt;
  state: SyncState;
  /** The latest version's number (0 when the prompt has none). */
  latest: number;
  /** The version the file matches or was based on; undefined when none could be found. */
  base?: number;
}

/** The file's contents in its newest commits, newest first (none outside a git repository). */
async function committedContents(file: string): Promise<string[]> {
  const cwd = dirname(file);
  try {
    const { stdout } = await run('git', ['log', `-n${HISTORY_DEPTH}`, '--format=%H', '--', file], { cwd });
    const top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
    const path = (await run('git', ['ls-files', '--full-name', '--', file], { cwd })).stdout.trim() || file.slice(top.length + 1);
    const contents: string[] = [];
    for (const commit of stdout.split('\n').filter(Boolean)) {
      try {
        contents.push((await run('git', ['show', `${commit}:${path}`], { cwd: top, maxBuffer: 64 * 1024 * 1024 })).stdout);
      } catch {
        // The file did not exist under this path in that commit (a rename): look further back.
      }
    }
    return contents;
  } catch {
    return [];
  }
}

/** The version numbers whose content equals `text`, asking for sources newest first and remembering them. */
function versionFinder(client: BackendClient, prompt: BackendPrompt) {
  const sources = new Map<number, string>();
  if (prompt.latestVersion) sources.set(prompt.latestVersion.number, prompt.latestVersion.source);
  let numbers: number[] | undefined;
  return async (text: string): Promise<number | undefined> => {
    numbers ??= (await client.versions(prompt.id)).items.map((v) => v.number).sort((a, b) => b - a);
    for (const number of numbers) {
      let source = sources.get(number);
      if (source === undefined) sources.set(number, (source = (await client.version(prompt.id, number)).source));
      if (sameContent(source, text)) return number;
    }
    return undefined;
  };
}

/** The status of one linked file (reads the file, its git history and the backend). */
export async function fileStatus(client: BackendClient, file: string): Promise<FileStatus | undefined> {
  const text = readFileSync(file, 'utf8');
  const promptId = readLinkedId(text);
  if (!promptId) return undefined;
  const prompt = await client.prompt(promptId);
  const latest = prompt.latestVersion?.number ?? 0;
  const base: Omit<FileStatus, 'state'> = { file, promptId, text, prompt, latest };
  if (!prompt.latestVersion) return { ...base, state: 'ahead', base: 0 };
  if (sameContent(prompt.latestVersion.source, text)) return { ...base, state: 'in sync', base: latest };
  const versionOf = versionFinder(client, prompt);
  const matching = await versionOf(text);
  if (matching !== undefined) return { ...base, state: 'behind', base: matching };
  for (const earlier of await committedContents(file)) {
    const version = await versionOf(earlier);
    if (version !== undefined) return { ...base, state: version === latest ? 'ahead' : 'diverged', base: version };
  }
  return { ...base, state: 'diverged' };
}
