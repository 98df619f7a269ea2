/** What other features use of the providers feature: the credentials a run in a workspace uses. */
export { runCredentials } from './credentialService.ts';
