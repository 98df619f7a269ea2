/**
 * A live experiment on the test backend, as an application would make one: a prompt with two
 * versions whose `production` label splits the traffic 90/10, and generations logged back through
 * the backend's ingestion route with the experiment and the arm that served them (what the SDK
 * sends). The treatment answers faster than the control, so the always-valid test finds it
 * better on latency once both arms have their minimum sample.
 */
import * as assert from 'node:assert/strict';
import type { BackendClient } from '../../src/team/api/client.ts';

/** The experiment under test. */
export interface LiveExperiment {
  experimentId: string;
  /** Generations logged per arm so far. */
  perArm: number;
  /** Logs `count` more generations on each arm, then reads the results (which counts a look when both arms have their minimum). */
  log(count: number): Promise<void>;
}

/** The control's and the treatment's latency around which each arm's calls vary (ms). */
const LATENCY_MS = { control: 400, treatment: 200 };

/** Pushes `source2` as version 2 of `promptId`, splits `production` 90/10 over v1 and v2, and returns the experiment. */
export async function startLiveExperiment(
  client: BackendClient,
  options: { workspaceId: string; promptId: string; promptName: string; source2: string },
): Promise<LiveExperiment> {
  await client.prompts.versions.upload.mutate({ id: options.promptId, source: options.source2, message: 'shorter answers' });
  const label = await client.prompts.labels.set.mutate({
    id: options.promptId,
    name: 'production',
    split: [
      { version: 1, weight: 90 },
      { version: 2, weight: 10 },
    ],
    stickyBy: 'userId',
  });
  assert.ok(label.experimentId, 'the split started an experiment');
  const experimentId = label.experimentId;
  let logged = 0;
  const experiment: LiveExperiment = {
    experimentId,
    perArm: 0,
    async log(count) {
      const generations = [1, 2].flatMap((version) =>
        Array.from({ length: count }, (_, i) => {
          const n = logged + i;
          const base = version === 1 ? LATENCY_MS.control : LATENCY_MS.treatment;
          return {
            id: `${experimentId}-v${version}-${n}`,
            prompt: { name: options.promptName, version, experimentId },
            model: 'openai/gpt-4o-mini',
            input: { question: `q${n}` },
            output: `a${n}`,
            usage: { inputTokens: 20, outputTokens: 10 },
            latencyMs: base + ((n * 37) % 60),
            status: 'success' as const,
            costUsd: 0.001,
            userId: `user-${n}`,
          };
        }),
      );
      const answer = await client.generations.ingest.mutate({ workspaceId: options.workspaceId, generations });
      assert.deepEqual(answer.rejected, [], 'every generation was accepted');
      logged += count;
      experiment.perArm = logged;
      await client.experimentResults.results.query({ id: experimentId });
    },
  };
  return experiment;
}
