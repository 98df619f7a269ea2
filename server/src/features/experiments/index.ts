/**
 * What other features use of the experiments feature: its routers (registered in router.ts), its
 * reads and promotion, evaluating an experiment (results, looks, guardrails), stopping one, and
 * queueing a guardrail evaluation after ingesting its generations.
 */
export { experimentsRouter } from './experimentsRouter.ts';
export { experimentWorkspaceAndRole, getExperiment, listExperiments, promoteExperiment } from './experimentService.ts';
export { experimentOutput, type ExperimentOutput } from './experimentSchemas.ts';
export { evaluateExperiment, experimentResults, type ExperimentEvaluation } from './experimentResults.ts';
export { stopExperiment, stopExperimentIn, type ExperimentStopOutcome, type ExperimentStopRequest } from './experimentStop.ts';
export { enqueueExperimentEvaluations, experimentGuardrailJobs, EXPERIMENT_EVALUATION_QUEUE } from './experimentGuardrailsJobs.ts';
export { experimentSettingsSchema, readExperimentSettings, type ExperimentSettings, type ExperimentSettingsInput } from './experimentGuardrailSettings.ts';
export { experimentResultsRouter } from './experimentResultsRouter.ts';
