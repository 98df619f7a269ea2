/** What other features use of the runs feature: making a run, the run's target, its input and the spend limit. */
export { checkRunnable, executeRun, type RunDeps } from './runService.ts';
export { resolveRunTarget, targetPartials, targetTools, type RunTarget } from './runTarget.ts';
export { enforceSpendLimit } from './spendLimit.ts';
export { assertionResultOutput, runInputSchema } from './runSchemas.ts';
export { readToolScripts } from './toolScripts.ts';
