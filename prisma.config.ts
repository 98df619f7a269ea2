// Prisma CLI configuration. The CLI is used here for `generate`, `db seed` and `studio`; migrations
// are applied by the server itself (server/src/db/migrate.ts) because `migrate deploy` needs the
// native schema engine, which cannot be downloaded on offline machines.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'npm run --silent db:seed -w @promptstack/server',
  },
  // `env('DATABASE_URL')` would throw when unset; an empty URL keeps `generate` working offline.
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
