/** `npm start`: read the configuration, start the server, stop cleanly on SIGTERM/SIGINT. */
import { startServer } from './boot.ts';
import { DataFolderInUseError } from './db/dataFolderLock.ts';
import { EnvError, loadEnv, SECRET_FILE } from './env.ts';
import { createLogger } from './logger.ts';

let env;
try {
  env = loadEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// Readable lines for a person at a terminal, JSON for anything that collects them.
const logger = await createLogger(env.logLevel, env.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'));
if (env.secretSource === 'generated') {
  logger.warn({ file: `${env.dataDir}/${SECRET_FILE}` }, 'NEXTAUTH_SECRET is not set: generated one and stored it in the data folder');
} else if (env.secretSource === 'data-dir') {
  logger.info({ file: `${env.dataDir}/${SECRET_FILE}` }, 'NEXTAUTH_SECRET is not set: using the one stored in the data folder');
}

try {
  const running = await startServer(env, logger);
  logger.info({ url: running.url, database: env.databaseUrl ? 'postgres' : `pglite (${env.dataDir})` }, 'PromptStack server listening');
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  // A folder held by another process is the user's to resolve: say so plainly, no stack.
  if (error instanceof DataFolderInUseError) console.error(error.message);
  else logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
