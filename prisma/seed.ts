// `npm run db:seed` / `npx prisma db seed`: a demo account with a workspace, a project and three
// prompts with versions. Safe to run twice (it does nothing when the demo user exists).
// Sign in as demo@promptstack.dev / promptstack-demo.
import { pgliteDirFor } from '../server/src/boot.ts';
import { openDatabase } from '../server/src/db/client.ts';
import { applyMigrations } from '../server/src/db/migrate.ts';
import { EnvError, loadEnv } from '../server/src/env.ts';
import { hashPassword } from '../server/src/features/auth/passwords.ts';
import { preparePromptSource } from '../server/src/features/prompts/promptSource.ts';
import type { PrismaClient } from '../server/src/generated/prisma/client.ts';
import { DEMO_PROMPTS } from './seedPrompts.ts';

/** The documented demo credentials. */
export const DEMO_EMAIL = 'demo@promptstack.dev';
export const DEMO_PASSWORD = 'promptstack-demo';

async function seed(prisma: PrismaClient): Promise<string> {
  if (await prisma.user.findUnique({ where: { email: DEMO_EMAIL }, select: { id: true } })) {
    return `seed: ${DEMO_EMAIL} already exists; nothing to do`;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: DEMO_EMAIL, name: 'Demo User', passwordHash }, select: { id: true } });
    const workspace = await tx.workspace.create({
      data: {
        name: 'Demo Team',
        slug: 'demo-team',
        maxMembers: 25,
        maxPrompts: 500,
        monthlySpendLimitUsd: '100',
        memberships: { create: { userId: user.id, role: 'ADMIN' } },
      },
      select: { id: true },
    });
    const project = await tx.project.create({
      data: { workspaceId: workspace.id, name: 'Support Assistant', description: 'Prompts behind the customer support bot' },
      select: { id: true },
    });
    for (const demo of DEMO_PROMPTS) {
      const prompt = await tx.prompt.create({
        data: {
          projectId: project.id,
          workspaceId: workspace.id,
          name: demo.name,
          description: demo.description,
          createdById: user.id,
          latestVersionNumber: demo.versions.length,
        },
        select: { id: true },
      });
      let versionId = '';
      for (const [i, version] of demo.versions.entries()) {
        const prepared = preparePromptSource(version.source);
        if (!prepared.ok) throw new Error(`seed prompt ${demo.name} v${i + 1}: ${prepared.message}`);
        const { source, contentHash, model, config, variables } = prepared.value;
        const row = await tx.promptVersion.create({
          data: {
            promptId: prompt.id,
            number: i + 1,
            source,
            contentHash,
            model,
            config: config as object,
            variables,
            authorId: user.id,
            message: version.message,
          },
          select: { id: true },
        });
        versionId = row.id;
      }
      await tx.promptLabel.create({ data: { promptId: prompt.id, name: 'production', versionId, updatedById: user.id } });
    }
  });
  return `seed: created ${DEMO_EMAIL} (password ${DEMO_PASSWORD}), workspace "Demo Team", project "Support Assistant", ${DEMO_PROMPTS.length} prompts`;
}

try {
  const env = loadEnv();
  const db = await openDatabase(env.databaseUrl ? { databaseUrl: env.databaseUrl } : { pgliteDir: pgliteDirFor(env) });
  try {
    await applyMigrations(db.raw);
    console.log(await seed(db.prisma));
  } finally {
    await db.close();
  }
  process.exit(0);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : `seed failed: ${(error as Error).message}`);
  process.exit(1);
}
