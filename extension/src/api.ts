/**
 * What `activate` returns: `vscode.extensions.getExtension('promptstack.promptstack').exports`.
 * Tests use it to wait for real readiness instead of sleeping.
 */

import type { RunApi } from './run/registerRunFeatures.ts';
import type { TeamApi } from './sync/teamApi.ts';

/** The extension's public API. */
export interface PromptStackApi extends RunApi {
  /** Settles once the language server has answered `initialize`; rejects if it failed to start. */
  readonly languageClientReady: Promise<void>;
  /** Sign-in, the backend client and sync state (src/sync/teamApi.ts). */
  readonly team: TeamApi;
}

/** The extension's id (`publisher.name` from package.json). */
export const EXTENSION_ID = 'promptstack.promptstack';
