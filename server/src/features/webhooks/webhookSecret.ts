/**
 * Webhook signing secrets: made as the Standard Webhooks specification says (`whsec_` and 24 random
 * bytes in base64), stored sealed with the provider credential crypto, bound to the webhook's
 * workspace and id so a sealed secret copied onto another row does not open. After a rotation the
 * previous secret stays on the row for an overlap window and signs beside the new one.
 */
import { randomBytes } from 'node:crypto';
import { openApiKey, sealApiKey, type SealedKey } from '../providers/index.ts';

/** The prefix of every signing secret, which the `standardwebhooks` library strips. */
export const SECRET_PREFIX = 'whsec_';

/** The sealed columns of a Webhook row. */
export interface SealedSecret {
  encryptedSecret: string;
  secretIv: string;
  secretTag: string;
}

/** A fresh signing secret, `whsec_<base64>`. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

function ownerOf(webhook: { id: string; workspaceId: string }) {
  return { workspaceId: webhook.workspaceId, provider: `webhook:${webhook.id}` };
}

/** Seals `secret` for the webhook's row. */
export function sealSigningSecret(serverSecret: string, webhook: { id: string; workspaceId: string }, secret: string): SealedSecret {
  const sealed = sealApiKey(serverSecret, ownerOf(webhook), secret);
  return { encryptedSecret: sealed.encryptedKey, secretIv: sealed.iv, secretTag: sealed.tag };
}

/** Opens a webhook's secret; undefined when it cannot be (the server secret changed, the row was tampered with). */
export function openSigningSecret(serverSecret: string, webhook: { id: string; workspaceId: string } & SealedSecret): string | undefined {
  const sealed: SealedKey = { encryptedKey: webhook.encryptedSecret, iv: webhook.secretIv, tag: webhook.secretTag };
  return openApiKey(serverSecret, ownerOf(webhook), sealed);
}

/** The sealed previous secret of a Webhook row and the end of its overlap; all null when there is none. */
export interface PreviousSealedSecret {
  previousEncryptedSecret: string | null;
  previousSecretIv: string | null;
  previousSecretTag: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * The secrets that sign a request at `now`: the current one, then the previous one while its
 * overlap lasts (one that cannot be opened is left out). Undefined when the current one cannot be opened.
 */
export function signingSecretsAt(
  serverSecret: string,
  webhook: { id: string; workspaceId: string } & SealedSecret & PreviousSealedSecret,
  now: Date,
): string[] | undefined {
  const current = openSigningSecret(serverSecret, webhook);
  if (!current) return undefined;
  const { previousEncryptedSecret, previousSecretIv, previousSecretTag, previousSecretExpiresAt } = webhook;
  if (!previousEncryptedSecret || !previousSecretIv || !previousSecretTag || !previousSecretExpiresAt || previousSecretExpiresAt <= now) return [current];
  const sealed = { encryptedSecret: previousEncryptedSecret, secretIv: previousSecretIv, secretTag: previousSecretTag };
  const previous = openSigningSecret(serverSecret, { id: webhook.id, workspaceId: webhook.workspaceId, ...sealed });
  return previous ? [current, previous] : [current];
}
