/** An API key as a caller: what every procedure open to keys sees of it. */
import type { ApiKeyScope } from './apiKeyScopes.ts';

/** A valid (known, unrevoked) key: its workspace, the project it is limited to (if any), its scopes. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  prefix: string;
  workspaceId: string;
  /** The one project the key may act on; null for a workspace-wide key. */
  projectId: string | null;
  scopes: readonly ApiKeyScope[];
}
