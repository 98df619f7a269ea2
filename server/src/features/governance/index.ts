/**
 * What other features use of label governance: the protected-label check every direct label move
 * goes through, the client a request came from (for the audit log's `via`), and the label request
 * writer (where a `label.requested` notification belongs).
 */
export { assertMayMoveLabel, isLabelProtected, mayMoveProtected, type ProtectedRefusal } from './labelProtection.ts';
export { REQUEST_CLIENT_HEADER, requestClientFrom, type RequestClient } from './requestClient.ts';
export { createLabelRequest } from './labelRequestService.ts';
export type { LabelRequestOutput, LabelHistoryItemOutput } from './governanceSchemas.ts';
export { governanceRouter } from './governanceRouter.ts';
