/**
 * Resolves the prompts a batch of generations names (name, and version number or label) to
 * prompt and version ids in ONE query for the whole batch, then answers each item from memory.
 */
import { rawQuery, type RawDb } from '../../db/rawDb.ts';

/** What an item names. */
export interface PromptRef {
  name: string;
  version?: number | undefined;
  label?: string | undefined;
}

/** The ids an item resolves to. */
export interface ResolvedPrompt {
  projectId: string;
  promptId: string;
  versionId: string;
}

interface VersionRow extends Record<string, unknown> {
  promptId: string;
  name: string;
  projectId: string;
  latest: boolean;
  versionId: string;
  number: number;
  label: string | null;
}

interface PromptVersions {
  projectId: string;
  promptId: string;
  latest?: string;
  byNumber: Map<number, string>;
  byLabel: Map<string, string>;
}

/** Resolves refs from the batch's one query; `resolve` returns the ids or why not. */
export interface PromptResolver {
  resolve(ref: PromptRef): ResolvedPrompt | { error: string };
}

// Only the versions an item can name: a number asked for, a label asked for, or the latest.
const RESOLVE_SQL = `
  SELECT p.id AS "promptId", p.name, p."projectId", v.number = p."latestVersionNumber" AS latest,
         v.id AS "versionId", v.number, l.name AS label
    FROM "Prompt" p
    JOIN "PromptVersion" v ON v."promptId" = p.id
    LEFT JOIN "PromptLabel" l ON l."versionId" = v.id AND l.name = ANY($3::text[])
   WHERE p."workspaceId" = $1 AND p."deletedAt" IS NULL AND p.name = ANY($2::text[])
     AND ($5::text IS NULL OR p."projectId" = $5)
     AND (v.number = p."latestVersionNumber" OR v.number = ANY($4::int[]) OR l.id IS NOT NULL)`;

/** Reads every prompt version `refs` can name in the workspace (and project, when given). */
export async function loadPromptResolver(raw: RawDb, workspaceId: string, projectId: string | undefined, refs: PromptRef[]): Promise<PromptResolver> {
  const names = [...new Set(refs.map((r) => r.name))];
  const labels = [...new Set(refs.flatMap((r) => (r.label ? [r.label] : [])))];
  const numbers = [...new Set(refs.flatMap((r) => (r.version ? [r.version] : [])))];
  const rows = names.length ? await rawQuery<VersionRow>(raw, RESOLVE_SQL, [workspaceId, names, labels, numbers, projectId ?? null]) : [];
  const byName = new Map<string, Map<string, PromptVersions>>();
  for (const row of rows) {
    const prompts = byName.get(row.name) ?? new Map<string, PromptVersions>();
    byName.set(row.name, prompts);
    let prompt = prompts.get(row.promptId);
    if (!prompt) {
      prompt = { projectId: row.projectId, promptId: row.promptId, byNumber: new Map(), byLabel: new Map() };
      prompts.set(row.promptId, prompt);
    }
    prompt.byNumber.set(row.number, row.versionId);
    if (row.latest) prompt.latest = row.versionId;
    if (row.label) prompt.byLabel.set(row.label, row.versionId);
  }
  return {
    resolve(ref) {
      const prompts = [...(byName.get(ref.name)?.values() ?? [])];
      if (prompts.length === 0) return { error: `No prompt named '${ref.name}'${projectId ? ' in this project' : ''}` };
      if (prompts.length > 1) return { error: `Several projects have a prompt named '${ref.name}': pass projectId` };
      const prompt = prompts[0]!;
      const versionId = ref.version !== undefined ? prompt.byNumber.get(ref.version) : ref.label !== undefined ? prompt.byLabel.get(ref.label) : prompt.latest;
      if (!versionId) {
        const what = ref.version !== undefined ? `no version ${ref.version}` : ref.label !== undefined ? `no label '${ref.label}'` : 'no version';
        return { error: `Prompt '${ref.name}' has ${what}` };
      }
      return { projectId: prompt.projectId, promptId: prompt.promptId, versionId };
    },
  };
}
