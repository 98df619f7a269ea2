/**
 * A live experiment written straight into the database: the prompt and its versions go through the
 * API, but the experiment, its arms and its generations are rows made with Prisma, as the serving
 * and ingestion paths that would make them are built separately.
 */
import { expectStatus, rest, startTeamServer, type TeamServer } from '../helpers/team.ts';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { createSourcePrompt, GREETING_SOURCE } from '../helpers/runWorld.ts';

/** A team server with the prompt `support-reply` (v1, v2), `production` on v1. */
export interface ExperimentWorld extends TeamServer {
  promptId: string;
  v1: string;
  v2: string;
}

/** Starts the world (a suite's `before`; the suite closes `server` in `after`). */
export async function startExperimentWorld(): Promise<ExperimentWorld> {
  const world = await startTeamServer();
  const { server, team } = world;
  const prompt = await createSourcePrompt(server, team.member.token, team.projectId, GREETING_SOURCE, 'support-reply');
  const v2 = await rest(server, 'POST', `/prompts/${prompt.id}/versions`, { token: team.member.token, json: { source: `${GREETING_SOURCE}!` } });
  expectStatus(v2, 201);
  expectStatus(await rest(server, 'PUT', `/prompts/${prompt.id}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
  return { ...world, promptId: prompt.id, v1: prompt.versionId, v2: v2.body.version.id as string };
}

/** Starts a RUNNING 50/50 experiment on `production` (control v1, treatment v2) and points the label's split at it. */
export async function startExperiment(world: ExperimentWorld, settings: Prisma.InputJsonObject = {}): Promise<string> {
  const prisma = world.server.database.db.prisma;
  const experiment = await prisma.experiment.create({
    data: {
      workspaceId: world.team.workspaceId,
      promptId: world.promptId,
      labelName: 'production',
      controlVersionId: world.v1,
      settings,
      arms: {
        create: [
          { versionId: world.v1, weight: 50, isControl: true },
          { versionId: world.v2, weight: 50 },
        ],
      },
    },
    select: { id: true },
  });
  await prisma.promptLabel.update({ where: { promptId_name: { promptId: world.promptId, name: 'production' } }, data: { experimentId: experiment.id } });
  return experiment.id;
}

/** One served generation of an experiment arm. */
export interface ServedGeneration {
  error?: boolean;
  latencyMs: number;
  costUsd?: number | null;
  scores?: Record<string, number>;
}

let counter = 0;

/** Writes generations served by `versionId` in the experiment, with their scores. */
export async function serve(world: ExperimentWorld, experimentId: string, versionId: string, generations: readonly ServedGeneration[]): Promise<void> {
  const prisma = world.server.database.db.prisma;
  const rows = generations.map((g) => {
    counter += 1;
    return { ...g, id: `exp-gen-${process.pid}-${counter}` };
  });
  await prisma.generation.createMany({
    data: rows.map((g) => ({
      workspaceId: world.team.workspaceId,
      id: g.id,
      projectId: world.team.projectId,
      promptId: world.promptId,
      versionId,
      label: 'production',
      model: 'openai/gpt-4o-mini',
      input: { name: 'Ada' },
      output: g.error ? '' : 'Hello Ada',
      inputTokens: 100,
      outputTokens: 20,
      costUsd: g.costUsd === undefined ? 0.001 : g.costUsd,
      latencyMs: g.latencyMs,
      status: g.error ? 'error' : 'success',
      error: g.error ? 'upstream failed' : null,
      experimentId,
      startedAt: new Date('2026-12-01T10:00:00.000Z'),
    })),
  });
  const scores = rows.flatMap((g) =>
    Object.entries(g.scores ?? {}).map(([name, value]) => ({ workspaceId: world.team.workspaceId, generationId: g.id, name, value })),
  );
  if (scores.length) await prisma.score.createMany({ data: scores });
}

/** `n` generations whose latency cycles around `latencyMs` (±50 ms), `errorEvery`-th one an error (0: none). */
export function batch(n: number, latencyMs: number, errorEvery = 0, extra: Partial<ServedGeneration> = {}): ServedGeneration[] {
  return Array.from({ length: n }, (_, i) => ({
    latencyMs: latencyMs - 50 + ((i * 37) % 101),
    error: errorEvery > 0 && i % errorEvery === 0,
    ...extra,
  }));
}
