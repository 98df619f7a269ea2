/**
 * Read-only documents of backend versions, under the `promptstack-version:` scheme, for VS Code's
 * diff editor. A URI names one version: `promptstack-version:/<promptId>/<number>/<file name>`
 * (the file name last, so the tab reads well and the `.prompt` language applies). Versions never
 * change once written, so each is fetched once and cached.
 */
import * as vscode from 'vscode';
import type { BackendClient, PromptVersion } from '../team/api/client.ts';
import { toApiError } from '../team/api/errors.ts';

/** The scheme of version documents. */
export const VERSION_SCHEME = 'promptstack-version';

/** The URI of version `number` of `promptId`, titled after `fileName`. */
export function versionUri(promptId: string, number: number, fileName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${encodeURIComponent(promptId)}/${number}/${fileName}` });
}

/** Reads the prompt id and version number back out of a version URI. */
export function parseVersionUri(uri: vscode.Uri): { promptId: string; number: number } | undefined {
  const [, id, number] = uri.path.split('/');
  const parsed = Number(number);
  if (uri.scheme !== VERSION_SCHEME || !id || !Number.isInteger(parsed)) return undefined;
  return { promptId: decodeURIComponent(id), number: parsed };
}

/** Fetches versions (cached) and serves them as read-only documents. */
export class VersionDocuments implements vscode.TextDocumentContentProvider {
  private readonly cache = new Map<string, Promise<PromptVersion>>();

  constructor(private readonly client: () => BackendClient) {}

  /** Version `number` of `promptId`, with its source; throws an ApiError on failure. */
  version(promptId: string, number: number): Promise<PromptVersion> {
    const key = `${promptId}/${number}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.client()
        .prompts.versions.get.query({ id: promptId, ref: String(number) })
        .catch((error: unknown) => {
          this.cache.delete(key); // a failure (signed out, offline) is not cached
          throw toApiError(error);
        });
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** Remembers a version the caller already has (the latest from a 409 or a push), saving a fetch. */
  remember(version: PromptVersion): void {
    this.cache.set(`${version.promptId}/${version.number}`, Promise.resolve(version));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseVersionUri(uri);
    if (!ref) return `Not a PromptStack version: ${uri.toString()}`;
    try {
      return (await this.version(ref.promptId, ref.number)).source;
    } catch (error) {
      // The document shows why instead of an empty editor.
      return `Could not load version ${ref.number}: ${toApiError(error).message}`;
    }
  }
}
