/**
 * What other features use of the API keys feature: the key as a caller, its scopes and the
 * permission -> scope table, the resolver of a bearer key, and the per-key throttle.
 */
export type { ApiKeyPrincipal } from './apiKeyPrincipal.ts';
export { API_KEY_SCOPES, SCOPE_FOR_PERMISSION, scopeFor, type ApiKeyScope, type KeyPermission } from './apiKeyScopes.ts';
export { apiKeyThrottleKey, isApiKeyToken } from './apiKeySecret.ts';
export { resolveApiKey } from './apiKeyResolver.ts';
