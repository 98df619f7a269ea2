// Generates the Prisma client after install. Prisma 7's `generate` does not use the schema
// engine, but the CLI still tries to download one unless PRISMA_SCHEMA_ENGINE_BINARY names an
// existing file; on machines without internet that download fails, so point it at /bin/false.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('prisma/schema.prisma')) {
  console.log('prisma-generate: no prisma/schema.prisma yet; nothing to generate');
  process.exit(0);
}
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
