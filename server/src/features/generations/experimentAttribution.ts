/**
 * Checks the experiment a generation says served it: the experiment must be of the generation's
 * prompt and its version one of the experiment's arms. Its status is not checked: generations
 * arrive after the fact (queued, batched, retried), so one served by an arm still counts after
 * the experiment stopped or was promoted. One query per batch, only when an item names an experiment.
 */
import { rawQuery, type RawDb } from '../../db/rawDb.ts';
import type { ResolvedPrompt } from './promptResolution.ts';

interface ArmRow extends Record<string, unknown> {
  experimentId: string;
  promptId: string;
  versionId: string;
}

const ARMS_SQL = `
  SELECT e.id AS "experimentId", e."promptId", a."versionId"
    FROM "Experiment" e
    JOIN "ExperimentArm" a ON a."experimentId" = e.id
   WHERE e."workspaceId" = $1 AND e.id = ANY($2::text[])`;

/** Answers why an item's experiment does not fit its resolved prompt and version, or null when it does. */
export interface ExperimentAttribution {
  problem(experimentId: string, prompt: ResolvedPrompt, ref: { name: string; version?: number | undefined }): string | null;
}

/** Reads the arms of every experiment the batch names (in the workspace) in one query. */
export async function loadExperimentAttribution(raw: RawDb, workspaceId: string, experimentIds: string[]): Promise<ExperimentAttribution> {
  const ids = [...new Set(experimentIds)];
  const rows = ids.length ? await rawQuery<ArmRow>(raw, ARMS_SQL, [workspaceId, ids]) : [];
  const experiments = new Map<string, { promptId: string; versionIds: Set<string> }>();
  for (const row of rows) {
    const experiment = experiments.get(row.experimentId) ?? { promptId: row.promptId, versionIds: new Set<string>() };
    experiment.versionIds.add(row.versionId);
    experiments.set(row.experimentId, experiment);
  }
  return {
    problem(experimentId, prompt, ref) {
      const experiment = experiments.get(experimentId);
      if (!experiment) return `No experiment '${experimentId}'`;
      if (experiment.promptId !== prompt.promptId) return `Experiment '${experimentId}' is not an experiment of prompt '${ref.name}'`;
      if (!experiment.versionIds.has(prompt.versionId)) {
        const which = ref.version === undefined ? 'the version named' : `version ${ref.version}`;
        return `Prompt '${ref.name}' ${which} is not an arm of experiment '${experimentId}'`;
      }
      return null;
    },
  };
}
