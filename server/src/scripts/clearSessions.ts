// `npm run clear-sessions`: ends every session of every user at once (tokens issued before now
// stop working on their next request). Uses the same configuration as the server.
import { openDatabase } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { pgliteDirFor } from '../boot.ts';
import { EnvError, loadEnv } from '../env.ts';
import { authService } from '../features/auth/authService.ts';

try {
  const env = loadEnv();
  const db = await openDatabase(env.databaseUrl ? { databaseUrl: env.databaseUrl } : { pgliteDir: pgliteDirFor(env) });
  try {
    await applyMigrations(db.raw);
    const at = await authService(db.prisma, env.nextAuthSecret).endAllSessions();
    console.log(`clear-sessions: every session issued before ${at.toISOString()} is ended`);
  } finally {
    await db.close();
  }
  process.exit(0);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : `clear-sessions failed: ${(error as Error).message}`);
  process.exit(1);
}
