import assert from 'node:assert/strict';
import { diffSchemaAgainstMigrations } from '../../src/db/schemaDiff.ts';

describe('schema drift', () => {
  it('schema.prisma and prisma/migrations describe the same database (empty diff)', async () => {
    const script = await diffSchemaAgainstMigrations();
    assert.equal(script, '', `schema.prisma differs from migrations; run npm run db:migration -w @promptstack/server -- <name>:\n${script}`);
  });
});
