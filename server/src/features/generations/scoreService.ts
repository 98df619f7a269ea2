/** Records a score on a generation of the caller's workspace in one statement (404 when there is none). */
import { TRPCError } from '@trpc/server';
import { rawQuery, type RawDb } from '../../db/rawDb.ts';
import { encodeStoredText } from '../../db/storableText.ts';
import type { ScoreInput } from './generationSchemas.ts';

interface ScoreRow extends Record<string, unknown> {
  id: string;
  generationId: string;
  name: string;
  value: number;
  comment: string | null;
  createdAt: Date;
}

// The generation is looked up by its primary key in the same statement, so a score never lands
// on another workspace's generation and a missing one inserts nothing.
const INSERT_SCORE_SQL = `
  INSERT INTO "Score" (id, "workspaceId", "generationId", name, value, comment)
  SELECT gen_random_uuid()::text, g."workspaceId", g.id, $3, $4, $5
    FROM "Generation" g
   WHERE g."workspaceId" = $1 AND g.id = $2
  RETURNING id, "generationId", name, value, comment, "createdAt" AT TIME ZONE 'UTC' AS "createdAt"`;

/** Stores the score; NOT_FOUND when the workspace has no generation with that id. */
export async function recordScore(raw: RawDb, input: ScoreInput) {
  const [row] = await rawQuery<ScoreRow>(raw, INSERT_SCORE_SQL, [
    input.workspaceId,
    input.generationId,
    input.name,
    input.value,
    input.comment === undefined ? null : encodeStoredText(input.comment),
  ]);
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No generation '${input.generationId}'` });
  return { ...row, createdAt: new Date(row.createdAt).toISOString() };
}
