/**
 * Provider API keys for local runs, kept only in VS Code's SecretStorage (the OS keychain or
 * the remote host's encrypted store), never in settings or files.
 */
// Core's provider list is plain data (no SDKs), so it is bundled into extension.js as it is.
import { RUNNABLE_PROVIDERS, RUNNABLE_PROVIDER_IDS, isRunnableProviderId, type RunnableProviderId } from '@promptstack/core/providers/runnableProviders';
import type * as vscode from 'vscode';

/** Providers a local run can call: every runnable provider. */
export type KeyProvider = RunnableProviderId;

/** Every provider a key can be set for, in the order the picker shows them. */
export const KEY_PROVIDERS: readonly KeyProvider[] = RUNNABLE_PROVIDER_IDS;

/** How each provider is named to the user. */
export const PROVIDER_LABELS = Object.fromEntries(RUNNABLE_PROVIDERS.map((provider) => [provider.id, provider.label])) as Readonly<Record<KeyProvider, string>>;

/** Whether `value` names a provider a key can be set for. */
export const isKeyProvider: (value: unknown) => value is KeyProvider = isRunnableProviderId;

/** Reads and writes provider keys in SecretStorage under `promptstack.apiKey.<provider>`. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The stored key, or undefined. */
  get(provider: KeyProvider): Thenable<string | undefined> {
    return this.secrets.get(secretName(provider));
  }

  /** Stores `key` (trimmed); an empty key deletes the stored one. */
  async set(provider: KeyProvider, key: string): Promise<void> {
    const trimmed = key.trim();
    if (trimmed) await this.secrets.store(secretName(provider), trimmed);
    else await this.secrets.delete(secretName(provider));
  }
}

function secretName(provider: KeyProvider): string {
  return `promptstack.apiKey.${provider}`;
}
