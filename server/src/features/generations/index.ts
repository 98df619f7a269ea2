/** What other features use of the generations feature. */
export { GENERATIONS_BODY_LIMIT, MAX_GENERATIONS_PER_BATCH } from './generationSchemas.ts';
