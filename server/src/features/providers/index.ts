/** What other features use of the providers feature: the credentials and providers a run in a workspace uses. */
export { runCredentials, runProviders } from './credentialService.ts';
/** Encryption at rest of secrets bound to a workspace (provider keys, webhook signing secrets). */
export { openApiKey, sealApiKey, type SealedKey } from './credentialCrypto.ts';
