/** What other features use of the experiments feature: its router (registered in router.ts) and its reads. */
export { experimentsRouter } from './experimentsRouter.ts';
export { experimentWorkspaceAndRole, getExperiment, listExperiments, promoteExperiment } from './experimentService.ts';
export { experimentOutput, type ExperimentOutput } from './experimentSchemas.ts';
