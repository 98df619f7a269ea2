/** What other features use of the auth feature: sessions from requests, role rules, email normalisation. */
export { readSessionToken } from './sessionCookie.ts';
export { resolveSession } from './sessionResolver.ts';
export { roleCan, type Permission } from './permissions.ts';
export { normaliseEmail } from './authService.ts';
