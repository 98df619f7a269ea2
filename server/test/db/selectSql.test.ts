import assert from 'node:assert/strict';
import { compileFindFirst, sqlParam } from '../../src/db/selectSql.ts';
import { parseSchemaModel } from '../../src/db/schemaModel.ts';
import { rawQuery } from '../../src/db/rawDb.ts';
import type { Database } from '../../src/db/client.ts';
import { promptReadArgs, readPromptWithLatest } from '../../src/features/prompts/promptReadQuery.ts';
import { createTestDatabase, DB_KIND, type TestDatabase } from '../helpers/database.ts';

/** Runs `args` compiled by selectSql.ts with `params`, as the prepared read does. */
async function compiledFindFirst(db: Database, model: string, args: Parameters<typeof compileFindFirst>[1], params: unknown[]) {
  const compiled = compileFindFirst(model, args);
  const [found] = await rawQuery<{ row: unknown }>(db.raw, compiled.sql, params);
  if (!found) return null;
  compiled.revive(found.row);
  return found.row;
}

// The prompt read's SQL is compiled from the Prisma arguments other routes' selects are made of;
// it must answer exactly what Prisma answers for the same arguments.
describe(`SQL compiled from Prisma select arguments (${DB_KIND})`, () => {
  let test: TestDatabase;
  let db: Database;
  const ids = { admin: '', outsider: '', prompt: '', deleted: '', bare: '' };

  before(async () => {
    test = await createTestDatabase();
    db = test.db;
    const prisma = db.prisma;
    const [admin, outsider] = await Promise.all([
      prisma.user.create({ data: { email: 'admin@example.com', name: 'Admin' } }),
      prisma.user.create({ data: { email: 'outsider@example.com' } }),
    ]);
    const workspace = await prisma.workspace.create({ data: { name: 'Team', memberships: { create: { userId: admin.id, role: 'ADMIN' } } } });
    const project = await prisma.project.create({ data: { name: 'Bot', workspaceId: workspace.id } });
    const at = { projectId: project.id, workspaceId: workspace.id, createdById: admin.id };
    const prompt = await prisma.prompt.create({ data: { ...at, name: 'reply', description: 'Replies "quoted"', latestVersionNumber: 3 } });
    const versions = [];
    for (const number of [1, 2, 3]) {
      versions.push(
        await prisma.promptVersion.create({
          data: {
            promptId: prompt.id,
            number,
            source: `Hello {{name}} ${number}`,
            contentHash: `hash-${number}`,
            model: number === 3 ? null : 'openai/gpt-4o',
            config: { temperature: 0.5, nested: [1, { deep: 'x' }] },
            variables: ['name'],
            toolDefinitions: [{ name: 'lookup', parameters: { type: 'object' } }],
            authorId: admin.id,
          },
        }),
      );
    }
    // Arms stored out of version order: the select orders them by version number.
    const experiment = await prisma.experiment.create({
      data: {
        workspaceId: workspace.id,
        promptId: prompt.id,
        labelName: 'production',
        controlVersionId: versions[0]!.id,
        stickyBy: 'userId',
        arms: {
          create: [
            { versionId: versions[2]!.id, weight: 1 },
            { versionId: versions[0]!.id, weight: 3, isControl: true },
          ],
        },
      },
    });
    await prisma.promptLabel.create({
      data: { promptId: prompt.id, name: 'production', versionId: versions[0]!.id, experimentId: experiment.id, updatedById: admin.id },
    });
    await prisma.promptLabel.create({ data: { promptId: prompt.id, name: 'beta', versionId: versions[1]!.id } });
    const deleted = await prisma.prompt.create({ data: { ...at, name: 'gone', deletedAt: new Date() } });
    // Whole seconds and a trailing zero: Postgres writes these into JSON as `...:05` and `...:05.1`.
    const bare = await prisma.prompt.create({
      data: { ...at, name: 'bare', createdAt: new Date('2026-01-02T03:04:05.000Z'), updatedAt: new Date('2026-01-02T03:04:05.100Z') },
    });
    Object.assign(ids, { admin: admin.id, outsider: outsider.id, prompt: prompt.id, deleted: deleted.id, bare: bare.id });
  });
  after(() => test.drop());

  it('answers what Prisma answers for the prompt read, for members and others, live, bare, deleted and missing prompts', async () => {
    const cases: Array<[string, string]> = [
      [ids.prompt, ids.admin],
      [ids.prompt, ids.outsider],
      [ids.bare, ids.admin],
      [ids.deleted, ids.admin],
      ['00000000-0000-4000-8000-000000000000', ids.admin],
    ];
    for (const [promptId, userId] of cases) {
      const ours = await compiledFindFirst(db, 'Prompt', promptReadArgs(sqlParam(1), sqlParam(2)), [promptId, userId]);
      assert.deepEqual(ours, await db.prisma.prompt.findFirst(promptReadArgs(promptId, userId)), `${promptId} / ${userId}`);
    }
    const read = await compiledFindFirst(db, 'Prompt', promptReadArgs(sqlParam(1), sqlParam(2)), [ids.prompt, ids.admin]);
    assert.ok((read as { createdAt: unknown }).createdAt instanceof Date, 'timestamps come back as Dates, as from Prisma');
    // Read in a zone other than UTC, so a timestamp revived as local time would show.
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const bareRead = (await compiledFindFirst(db, 'Prompt', { where: { id: sqlParam(1) }, select: { createdAt: true, updatedAt: true } }, [ids.bare])) as {
        createdAt: Date;
        updatedAt: Date;
      };
      assert.equal(bareRead.createdAt.toISOString(), '2026-01-02T03:04:05.000Z');
      assert.equal(bareRead.updatedAt.toISOString(), '2026-01-02T03:04:05.100Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads the split of a label, the latest version and the role through the shared mappers', async () => {
    const read = await readPromptWithLatest(db.raw, ids.prompt, ids.admin);
    assert.equal(read?.role, 'ADMIN');
    assert.equal(read.latestVersion?.number, 3);
    assert.equal(read.latestVersion.source, 'Hello {{name}} 3');
    assert.deepEqual(
      read.labels.map((label) => [label.name, label.versionNumber, label.split, label.stickyBy]),
      [
        ['beta', 2, undefined, undefined],
        [
          'production',
          1,
          [
            { version: 1, weight: 3 },
            { version: 3, weight: 1 },
          ],
          'userId',
        ],
      ],
    );
    // An API key reads with no user: no role, the same prompt.
    const byKey = await readPromptWithLatest(db.raw, ids.prompt, null);
    assert.equal(byKey?.role, null);
    assert.deepEqual({ ...byKey, role: 'ADMIN' }, read);
    assert.equal(await readPromptWithLatest(db.raw, ids.deleted, ids.admin), null);
  });

  it('refuses, when compiled, what it cannot read as Prisma would', () => {
    const schema = parseSchemaModel(`
      model A {
        id     String  @id
        amount Decimal
        at     DateTime @db.Timestamptz(3)
        bs     B[]
      }
      model B {
        id  String @id
        aId String
        a   A      @relation(fields: [aId], references: [id])
      }`);
    const refusals: Array<[Parameters<typeof compileFindFirst>[1], RegExp]> = [
      [{ select: { amount: true } }, /A\.amount is Decimal/],
      [{ select: { at: true } }, /A\.at is DateTime\(tz\)/],
      [{ select: { nope: true } }, /A has no field nope/],
      [{ select: { bs: { include: { a: true } } } }, /A\.bs takes \{ select, where, orderBy, take \} \(not include\)/],
      [{ select: { id: true }, where: { id: 'literal' } }, /where A\.id: give sqlParam\(n\) or null/],
      [{ select: { bs: { select: { id: true }, take: -1 } } }, /take is a non-negative integer/],
    ];
    for (const [args, message] of refusals) assert.throws(() => compileFindFirst('A', args, schema), message);
    // A back relation joins on the other side's foreign key.
    assert.match(compileFindFirst('A', { select: { bs: { select: { id: true } } } }, schema).sql, /FROM "B" t1 WHERE t1\."aId" = t0\."id"/);
  });
});
