/**
 * The one typed view of the `promptstack.*` settings. Nothing else in the extension calls
 * `workspace.getConfiguration`, so a setting's name, type and default live here and in
 * package.json's `contributes.configuration` only.
 */
import { RUNNABLE_PROVIDERS, type RunnableProviderId } from '@promptstack/core/providers/runnableProviders';
import * as vscode from 'vscode';

/** The settings section every PromptStack setting lives under. */
export const CONFIG_SECTION = 'promptstack';

/** Values of `promptstack.trace.server`, read by vscode-languageclient itself (client id `promptstack`). */
export type TraceLevel = 'off' | 'messages' | 'verbose';

/** Every PromptStack setting, typed, with package.json's defaults as fallbacks. */
export interface PromptStackConfig {
  /** Team backend URL, used when signed in. */
  backendUrl: string;
  /**
   * Each provider's API base URL for local runs, from `promptstack.<provider>BaseUrl`
   * (`openaiBaseUrl` for OpenAI-compatible servers, `anthropicBaseUrl`, `googleaiBaseUrl`).
   */
  baseUrls: Record<RunnableProviderId, string>;
  /** Model for prompts whose frontmatter names none (`provider/model`). */
  defaultModel: string;
  traceServer: TraceLevel;
}

const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/** Reads the settings for `scope` (a file, for resource-scoped settings such as `defaultModel`). */
export function readConfig(scope?: vscode.ConfigurationScope): PromptStackConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const trace = section.get<string>('trace.server', 'off');
  return {
    backendUrl: trimSlash(section.get<string>('backendUrl', 'http://localhost:3000')),
    baseUrls: Object.fromEntries(
      RUNNABLE_PROVIDERS.map((provider) => [provider.id, trimSlash(section.get<string>(baseUrlSetting(provider.id), provider.defaultBaseUrl))]),
    ) as Record<RunnableProviderId, string>,
    defaultModel: section.get<string>('defaultModel', 'openai/gpt-4o-mini'),
    traceServer: TRACE_LEVELS.includes(trace as TraceLevel) ? (trace as TraceLevel) : 'off',
  };
}

/** The setting (under `promptstack.`) holding a provider's base URL; package.json declares one per runnable provider. */
export function baseUrlSetting(provider: RunnableProviderId): string {
  return `${provider}BaseUrl`;
}

/** Calls `listener` after any `promptstack.*` setting changes. */
export function onDidChangeConfig(listener: (config: PromptStackConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) listener(readConfig());
  });
}

/** URLs are joined with paths later; a trailing slash would double up. */
function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
