/** A unified diff of the backend's latest version against the file, as a conflict shows it (sync lines left out). */
import { relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { withoutSyncFields } from '@promptstack/core/format/syncFields';
import type { FileStatus } from './syncStatus.ts';

export function conflictDiff(status: FileStatus, cwd: string): string {
  const path = relative(cwd, status.file) || status.file;
  return createTwoFilesPatch(
    `${status.prompt.name} v${status.latest} (backend)`,
    `${path} (based on ${status.base === undefined ? 'no known version' : `v${status.base}`})`,
    withoutSyncFields(status.prompt.latestVersion?.source ?? ''),
    withoutSyncFields(status.text),
  );
}
