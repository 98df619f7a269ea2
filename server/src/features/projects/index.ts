/** What other features use of the projects feature: the workspace a project belongs to. */
export { projectWorkspaceId } from './projectService.ts';
