// `npm test -w @promptstack/server`: runs the mocha suite on the embedded PGlite database, then,
// when TEST_DATABASE_URL is set, again on that Postgres (each run makes its own databases).
// Extra arguments are spec paths, e.g. `node scripts/run-tests.mjs test/db`.
import { spawnSync } from 'node:child_process';

const specs = process.argv.slice(2).map((p) => (p.endsWith('.ts') ? p : `${p.replace(/\/$/, '')}/**/*.test.ts`));
const kinds = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];
let failed = false;
for (const kind of kinds) {
  console.log(`\n--- server tests on ${kind} ---`);
  // With explicit specs, skip .mocharc.json (its spec list would be added to ours).
  const args = specs.length ? ['--no-config', '--timeout', '60000', ...specs] : [];
  const env = { ...process.env, DB_KIND: kind };
  if (specs.length) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import tsx`.trim();
  const result = spawnSync('npx', ['--no-install', 'mocha', ...args], { stdio: 'inherit', env });
  if (result.status !== 0) failed = true;
}
if (!process.env.TEST_DATABASE_URL) console.log('\n(TEST_DATABASE_URL unset: Postgres run skipped)');
process.exit(failed ? 1 : 0);
