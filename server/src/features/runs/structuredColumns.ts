/**
 * The structured parts of a run result as TestRun columns: the parsed JSON answer, whether it met
 * `output.schema`, and the tool calls with their results. Strings inside go through the same
 * lossless escape as the run's text (storableText.ts), so a call that happened is always recorded.
 */
import type { RunResult } from '@promptstack/core/runner/types';
import { Prisma } from '../../generated/prisma/client.ts';
import { encodeStoredJson } from '../../db/storableText.ts';

/** Plain JSON data (undefined dropped), escaped for Postgres. */
function storable(value: unknown): Prisma.InputJsonValue {
  return encodeStoredJson(JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** `outputJson`, `schemaValid` and `toolCalls` of a new TestRun row. */
export function structuredColumns(result: RunResult) {
  const { outputJson, schemaValid, toolCalls } = result;
  return {
    // A JSON answer that is itself `null` is a JSON null; no JSON answer at all is SQL NULL.
    outputJson: outputJson === undefined ? Prisma.DbNull : outputJson === null ? Prisma.JsonNull : storable(outputJson),
    schemaValid: schemaValid ?? null,
    toolCalls: toolCalls?.length ? storable(toolCalls) : Prisma.DbNull,
  };
}
