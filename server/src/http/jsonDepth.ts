/**
 * A nesting limit for JSON bodies. `JSON.parse` itself copes with deep input, but everything that
 * walks the value afterwards (zod, tRPC, the loggers) recurses and runs out of stack a few
 * thousand levels down; no input of this API nests more than a few levels, so a request past
 * MAX_JSON_DEPTH is refused before it is parsed.
 */
import type { RequestHandler } from 'express';

/** Deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether the JSON text nests arrays/objects deeper than `limit`, in one pass without recursion
 * (brackets inside strings do not count). Works on UTF-8 bytes or a string's code units alike,
 * since every byte it looks at is ASCII.
 */
export function nestsDeeperThan(json: Uint8Array | string, limit: number): boolean {
  const at = typeof json === 'string' ? (i: number) => json.charCodeAt(i) : (i: number) => json[i]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** The error body-parser passes on (its `type` maps to a 400 in errors.ts). */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/** express.json's `verify` hook: refuses a body nested past MAX_JSON_DEPTH. */
export function verifyJsonDepth(_req: unknown, _res: unknown, body: Buffer): void {
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new JsonTooDeepError();
}

/** The same limit for tRPC's GET calls, whose JSON input rides in `?input=`. */
export const trpcQueryDepth: RequestHandler = (req, _res, next) => {
  const input = req.query.input;
  next(typeof input === 'string' && nestsDeeperThan(input, MAX_JSON_DEPTH) ? new JsonTooDeepError() : undefined);
};
