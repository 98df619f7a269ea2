/**
 * A fast door for the hottest read, `GET /api/prompts/{id}` without a query string. It makes the
 * same read `prompts.get` makes, from the same parts (the session resolver, the one-query prompt
 * read, the access rule `requireRole` that every workspace procedure applies, `getPrompt`'s
 * answer), and writes it as the REST adapter does (status 200, `Content-Type: application/json`,
 * `JSON.stringify` of the answer). What it skips is per-request machinery, not rules: tRPC's
 * middleware chain and context merging, zod parsing of an id the path pattern already bounds,
 * the adapter's route search and input building.
 *
 * Anything else (a query string, another method, an odd path, an API key) and every refusal or failure falls
 * through to the REST middleware, which answers it as before; a refused read is then made twice,
 * which is harmless for a read and keeps every error answer (status, body, headers) the adapter's.
 * test/prompts/readRoute.test.ts holds both doors to the same answers.
 *
 * Mount before the REST middleware: `app.use('/api', promptReadRoute(deps))`.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { isApiKeyBearer, type AppDeps } from '../../context.ts';
import { requireRole } from '../../trpc.ts';
import { readSessionToken } from '../auth/index.ts';
import { resolveSession } from '../auth/index.ts';
import { getPrompt } from './promptQueries.ts';
import { readPromptWithLatest } from './promptReadQuery.ts';

/**
 * The paths the REST adapter matches to `prompts.get` (case-insensitive, one trailing slash),
 * narrowed to ids that need no decoding, trimming or dot-segment handling and fit `idSchema`'s
 * 64 characters, so both doors see the same id and the pattern is its validation.
 */
const PLAIN_PROMPT_PATH = /^\/prompts\/([A-Za-z0-9_-]{1,64})\/?$/i;

/** Express middleware answering a plain `GET /prompts/{id}` (under the `/api` mount). */
export function promptReadRoute({ db, env }: AppDeps): RequestHandler {
  /** The answer's JSON, or undefined when the caller is signed out (the adapter answers 401). */
  async function readAsJson(req: IncomingMessage, id: string): Promise<string | undefined> {
    const token = readSessionToken(req);
    // API keys take the REST adapter's path, where their scopes are checked.
    if (isApiKeyBearer(token)) return undefined;
    const session = await resolveSession(db.prisma, env.nextAuthSecret, token);
    if (!session) return undefined;
    const read = await readPromptWithLatest(db.raw, id, session.user.id);
    requireRole(read?.role ?? null, 'prompts:read');
    return JSON.stringify(await getPrompt(db, id, session.user.id, {}, read));
  }

  return (req, res, next) => {
    const match = req.method === 'GET' ? PLAIN_PROMPT_PATH.exec(req.url) : null;
    if (!match) return next();
    readAsJson(req, match[1]!).then(
      (json) => {
        if (json === undefined) return next();
        res.statusCode = 200;
        res.setHeader('Content-Type', 'application/json');
        res.end(json);
      },
      () => {
        // The REST middleware makes the same call again and answers the error in the API's shape.
        if (!res.headersSent) next();
      },
    );
  };
}
