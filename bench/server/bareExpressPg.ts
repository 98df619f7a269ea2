/**
 * The bare baseline for http.bench.ts, run as its own process: Express 5 + one `pg` pool (pg's
 * default size, as our server uses) and nothing else — no auth, no validation, no logging.
 *   GET  /prompts/:id           one `SELECT ... WHERE id = $1` by primary key
 *   POST /prompts/:id/versions  the least a versioned insert takes: BEGIN, lock the prompt row,
 *                               insert the next version, bump the counter, COMMIT
 *   GET  /v1/prompts/:name      `?projectId=&label=`: one `SELECT ... WHERE name = $2` joined to
 *                               the label's version (serving.bench.ts; no auth, no ETag)
 *   GET  /healthz               200, for the bench to know it is up
 * Env: DATABASE_URL, PORT.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json({ limit: '1mb' }));

app.get('/healthz', (_req, res) => {
  res.send('ok');
});

app.get('/prompts/:id', async (req, res) => {
  const { rows } = await pool.query(
    'SELECT id, "projectId", "workspaceId", name, description, "latestVersionNumber", "createdAt", "updatedAt" FROM "Prompt" WHERE id = $1',
    [req.params.id],
  );
  if (!rows[0]) res.status(404).json({ error: 'not found' });
  else res.json(rows[0]);
});

app.get('/v1/prompts/:name', async (req, res) => {
  const { projectId, label } = req.query as { projectId?: string; label?: string };
  const { rows } = await pool.query(
    `SELECT p.name, v.number AS version, l.name AS label, v.source, v.model, v.config, v."contentHash"
       FROM "Prompt" p
       JOIN "PromptLabel" l ON l."promptId" = p.id AND l.name = $3
       JOIN "PromptVersion" v ON v.id = l."versionId"
      WHERE p."projectId" = $1 AND p.name = $2 AND p."deletedAt" IS NULL`,
    [projectId, req.params.name, label ?? 'production'],
  );
  if (!rows[0]) res.status(404).json({ error: 'not found' });
  else res.json(rows[0]);
});

app.post('/prompts/:id/versions', async (req, res) => {
  const source = (req.body as { source?: unknown }).source;
  if (typeof source !== 'string') {
    res.status(400).json({ error: 'source required' });
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query<{ latestVersionNumber: number }>('SELECT "latestVersionNumber" FROM "Prompt" WHERE id = $1 FOR UPDATE', [req.params.id]);
    const number = (locked.rows[0]?.latestVersionNumber ?? 0) + 1;
    const inserted = await client.query(
      'INSERT INTO "PromptVersion" (id, "promptId", number, source, "contentHash") VALUES ($1, $2, $3, $4, md5($4)) RETURNING id, number',
      [randomUUID(), req.params.id, number, source],
    );
    await client.query('UPDATE "Prompt" SET "latestVersionNumber" = $2, "updatedAt" = now() WHERE id = $1', [req.params.id, number]);
    await client.query('COMMIT');
    res.status(201).json(inserted.rows[0]);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    res.status(500).json({ error: String(error) });
  } finally {
    client.release();
  }
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
});
