/**
 * Encryption at rest for provider API keys: AES-256-GCM with a key derived by HKDF-SHA256 from
 * the server secret. The workspace and provider are bound in as associated data, so a ciphertext
 * copied onto another workspace's row fails to decrypt instead of leaking a key across teams.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** HKDF salt and info: changing either makes every stored key unreadable, so they are versioned. */
const HKDF_SALT = 'promptstack/provider-credentials';
const HKDF_INFO = 'aes-256-gcm v1';
const IV_BYTES = 12;

/** What a credential row stores (all base64). */
export interface SealedKey {
  encryptedKey: string;
  iv: string;
  tag: string;
}

/** The row a key belongs to; bound into the ciphertext. */
export interface KeyOwner {
  workspaceId: string;
  provider: string;
}

function derive(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
}

function aad(owner: KeyOwner): Buffer {
  return Buffer.from(`${owner.workspaceId}:${owner.provider}`, 'utf8');
}

/** Encrypts `apiKey` for `owner` with a fresh IV. */
export function sealApiKey(secret: string, owner: KeyOwner, apiKey: string): SealedKey {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', derive(secret), iv);
  cipher.setAAD(aad(owner));
  const encrypted = Buffer.concat([cipher.update(apiKey, 'utf8'), cipher.final()]);
  return { encryptedKey: encrypted.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Decrypts a stored key; undefined when it cannot be (secret changed, row tampered with). */
export function openApiKey(secret: string, owner: KeyOwner, sealed: SealedKey): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive(secret), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad(owner));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.encryptedKey, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** `sk-live-abcdef1234` -> `sk-…1234`: enough to recognise a key, never enough to use it. */
export function maskApiKey(apiKey: string): string {
  if (apiKey.length < 12) return '…';
  return `${apiKey.slice(0, 3)}…${apiKey.slice(-4)}`;
}
