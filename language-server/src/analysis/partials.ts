/**
 * Partials for documents the editor names by URI. Where a partial lives on disk (`{{> name}}` is
 * `_name.prompt` beside the prompt) is core's one rule (core/src/render/partialFiles.ts), shared
 * with the extension's runs so both resolve the same file.
 */
import { fileURLToPath } from 'node:url';

export { listPartialNames, partialExistsBeside, partialFilePath, partialResolverBeside } from '@promptstack/core/render/partialFiles';

/** The file system path of a `file:` URI, or undefined for unsaved/virtual documents. */
export function uriToFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
