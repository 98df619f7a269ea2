/**
 * Provider API keys for local runs, kept only in VS Code's SecretStorage (the OS keychain or
 * the remote host's encrypted store), never in settings or files.
 */
import type * as vscode from 'vscode';

/** Providers a local run can call. */
export type KeyProvider = 'openai' | 'anthropic';

/** Every provider a key can be set for, in the order the picker shows them. */
export const KEY_PROVIDERS: readonly KeyProvider[] = ['openai', 'anthropic'];

/** How each provider is named to the user. */
export const PROVIDER_LABELS: Readonly<Record<KeyProvider, string>> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/** Whether `value` names a provider a key can be set for. */
export function isKeyProvider(value: unknown): value is KeyProvider {
  return typeof value === 'string' && (KEY_PROVIDERS as readonly string[]).includes(value);
}

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
