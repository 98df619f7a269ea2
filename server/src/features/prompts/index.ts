/** What other features use of the prompts feature: moving a label, and the workspace a prompt belongs to. */
export { setLabel } from './labelService.ts';
export { promptWorkspaceId } from './promptQueries.ts';
export { partialSources, toPartialVersionIds } from './partialService.ts';
