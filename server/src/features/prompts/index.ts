/**
 * What other features use of the prompts feature: moving a label (a version or a split), the
 * workspace a prompt belongs to, the label name rule, and a stored source exactly as uploaded.
 */
export {
  currentLabelTarget,
  setLabel,
  setLabelIn,
  type ExperimentEndingMove,
  type LabelMove,
  type LabelMoveVia,
  type LabelTarget,
  type SetLabelTarget,
} from './labelService.ts';
export { isSplit, splitSchema, stickyBySchema, type SplitTarget } from './labelTarget.ts';
export { publishExperimentStopped, versionIdsOf, type ExperimentStopped } from './labelExperiments.ts';
export { lockLivePrompt, WRITE_TRANSACTION_OPTIONS } from './promptService.ts';
export { promptWorkspaceAndRole, promptWorkspaceId } from './promptQueries.ts';
export { labelNameSchema } from './promptSchemas.ts';
export { exactSource } from './promptSelects.ts';
export { partialSources, toPartialVersionIds } from './partialService.ts';
export { toolDefinitionOutput, toToolDefinitions } from './toolDefinitions.ts';
