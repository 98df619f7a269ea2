// `npm run db:migration -w @promptstack/server -- <name>`: writes
// prisma/migrations/<timestamp>_<name>/migration.sql from the diff between the existing migrations
// and schema.prisma, the offline stand-in for `prisma migrate dev --create-only`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMigrationsDir } from '../src/db/migrate.ts';
import { diffSchemaAgainstMigrations } from '../src/db/schemaDiff.ts';

const name = (process.argv[2] ?? '')
  .trim()
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');
if (!name) {
  console.error('usage: npm run db:migration -w @promptstack/server -- <name>');
  process.exit(2);
}
const script = await diffSchemaAgainstMigrations();
if (!script) {
  console.log('schema.prisma matches prisma/migrations: no migration written');
  process.exit(0);
}
// Prisma's folder format: YYYYMMDDHHMMSS_name, in UTC.
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = join(findMigrationsDir(), `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), script);
console.log(`wrote ${join(dir, 'migration.sql')}`);
process.exit(0);
