// `npm test -w @promptstack/sdk`: runs the mocha suite against a real server on the embedded PGlite
// database, then, when TEST_DATABASE_URL is set, again with the server on that Postgres (in a
// database of its own, dropped at the end). Extra arguments are passed to mocha.
import { spawnSync } from 'node:child_process';

const kinds = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];
let failed = false;
for (const kind of kinds) {
  console.log(`\n--- sdk tests, server on ${kind} ---`);
  const result = spawnSync('npx', ['--no-install', 'mocha', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, DB_KIND: kind } });
  if (result.status !== 0) failed = true;
}
if (!process.env.TEST_DATABASE_URL) console.log('\n(TEST_DATABASE_URL unset: the Postgres run was skipped)');
process.exit(failed ? 1 : 0);
