/**
 * What other features use of the prompts feature: moving a label, the workspace a prompt belongs
 * to, the label name rule, and a stored source exactly as uploaded.
 */
export { setLabel, setLabelIn, type LabelMove, type LabelMoveVia, type LabelTarget } from './labelService.ts';
export { WRITE_TRANSACTION_OPTIONS } from './promptService.ts';
export { promptWorkspaceAndRole, promptWorkspaceId } from './promptQueries.ts';
export { labelNameSchema } from './promptSchemas.ts';
export { exactSource } from './promptSelects.ts';
export { partialSources, toPartialVersionIds } from './partialService.ts';
export { toolDefinitionOutput, toToolDefinitions } from './toolDefinitions.ts';
