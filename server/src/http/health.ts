/** GET /healthz: 200 when the database answers `SELECT 1` within two seconds, 503 otherwise. */
import type { RequestHandler } from 'express';
import type { Database } from '../db/client.ts';
import { rawQuery } from '../db/rawDb.ts';

const HEALTH_TIMEOUT_MS = 2000;

/** The health check handler for `db`. */
export function healthRoute(db: Database): RequestHandler {
  return async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        rawQuery(db.raw, 'SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS);
        }),
      ]);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ status: 'ok', database: db.raw.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', error: { code: 'SERVICE_UNAVAILABLE', message: 'Database is not answering' } });
    } finally {
      clearTimeout(timer);
    }
  };
}
