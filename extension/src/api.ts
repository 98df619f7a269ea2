/**
 * What `activate` returns under `ExtensionMode.Test`, and only then
 * (`vscode.extensions.getExtension('promptstack.promptstack').exports`): the extension-host tests
 * use it to wait for real readiness instead of sleeping, to sign in and to answer dialogs. It
 * holds the session, so an installed extension exports nothing (see extension.ts).
 */

import type { RunApi } from './run/registerRunFeatures.ts';
import type { TeamApi } from './team/teamApi.ts';

/** The extension's test API. */
export interface PromptStackApi extends RunApi {
  /** Settles once the language server has answered `initialize`; rejects if it failed to start. */
  readonly languageClientReady: Promise<void>;
  /** Sign-in, the backend client and sync state (src/team/teamApi.ts). */
  readonly team: TeamApi;
  /**
   * The file VS Code writes the "PromptStack" output channel to (a log channel's lines go to
   * `<logUri>/PromptStack.log`), so tests can read what the channel shows.
   */
  readonly outputLogFile: string;
}

/** The extension's id (`publisher.name` from package.json). */
export const EXTENSION_ID = 'promptstack.promptstack';
