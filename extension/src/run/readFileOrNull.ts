/** Reading files beside a prompt (tool files) where a missing file is an answer, not an error. */
import { readFileSync } from 'node:fs';

/** A file's text, or null when it cannot be read. */
export function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
