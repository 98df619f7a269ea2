/**
 * The columns the prompts API reads, declared once, and the mappers from rows to API shapes.
 * Every query in this feature uses these selects, so no other column can leak into a response.
 */
import { LRUCache } from 'lru-cache';
import type { LabelOutput, PromptSummaryOutput, VersionOutput } from './promptSchemas.ts';
import { isSplit, type LabelTarget } from './labelTarget.ts';
import { contentHash } from './promptSource.ts';
import { toToolDefinitions } from './toolDefinitions.ts';

const BOM = '\ufeff';

/**
 * The stored source, exactly. PGlite decodes each text value with a BOM-stripping TextDecoder,
 * so a file that starts with a byte-order mark comes back without it (Postgres keeps it; the
 * bytes on disk are intact). The content hash, taken from the exact upload, tells the two apart.
 */
export function exactSource(source: string, hash: string): string {
  if (source.startsWith(BOM)) return source;
  let lostBom = lostBomByHash.get(hash);
  if (lostBom === undefined) {
    lostBom = contentHash(source) !== hash && contentHash(BOM + source) === hash;
    lostBomByHash.set(hash, lostBom);
  }
  return lostBom ? BOM + source : source;
}

/**
 * Whether the source with a given content hash comes back without its byte-order mark. A hash
 * names one exact content, so the answer never changes; remembering it spares every read of a
 * served prompt two SHA-256 passes over its source.
 */
const lostBomByHash = new LRUCache<string, boolean>({ max: 10_000 });

/** Columns of a version without its source (lists). */
export const versionSummarySelect = {
  id: true,
  promptId: true,
  number: true,
  model: true,
  config: true,
  variables: true,
  contentHash: true,
  authorId: true,
  message: true,
  createdAt: true,
} as const;

/** Columns of a whole version. */
export const versionSelect = { ...versionSummarySelect, source: true, toolDefinitions: true } as const;

export const promptSelect = {
  id: true,
  projectId: true,
  workspaceId: true,
  name: true,
  description: true,
  latestVersionNumber: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Columns of a label, with the running experiment's split when one splits it. */
export const labelSelect = {
  name: true,
  updatedById: true,
  updatedAt: true,
  version: { select: { number: true } },
  experiment: {
    select: {
      id: true,
      status: true,
      stickyBy: true,
      arms: { select: { weight: true, version: { select: { number: true } } }, orderBy: { version: { number: 'asc' } } },
    },
  },
} as const;

/** A label row as labelSelect reads it. */
export interface LabelRow {
  name: string;
  updatedById: string | null;
  updatedAt: Date;
  version: { number: number };
  experiment: { id: string; status: string; stickyBy: string | null; arms: Array<{ weight: number; version: { number: number } }> } | null;
}

/** Where a label row points: its split while an experiment runs on it, else its version. */
export function targetOfLabel(row: Pick<LabelRow, 'version' | 'experiment'>): LabelTarget {
  const experiment = row.experiment;
  if (experiment?.status !== 'RUNNING') return { versionNumber: row.version.number };
  return { split: experiment.arms.map((arm) => ({ version: arm.version.number, weight: arm.weight })), stickyBy: experiment.stickyBy };
}

interface VersionSummaryRow {
  id: string;
  promptId: string;
  number: number;
  model: string | null;
  config: unknown;
  variables: unknown;
  contentHash: string;
  authorId: string | null;
  message: string | null;
  /** A Date from Prisma, or the ISO string a raw read formatted in SQL. */
  createdAt: Date | string;
}

/** A version row without its source, as the API shows it. */
export function toVersionSummary(row: VersionSummaryRow): Omit<VersionOutput, 'source' | 'tools'> {
  return {
    id: row.id,
    promptId: row.promptId,
    number: row.number,
    model: row.model,
    // Json columns are written only by promptService from parsed sources; guard the shape anyway.
    config: typeof row.config === 'object' && row.config !== null && !Array.isArray(row.config) ? (row.config as Record<string, unknown>) : {},
    variables: Array.isArray(row.variables) ? row.variables.filter((v): v is string => typeof v === 'string') : [],
    contentHash: row.contentHash,
    authorId: row.authorId,
    message: row.message,
    createdAt: typeof row.createdAt === 'string' ? row.createdAt : row.createdAt.toISOString(),
  };
}

/** A whole version row as the API shows it. */
export function toVersion(row: VersionSummaryRow & { source: string; toolDefinitions: unknown }): VersionOutput {
  return { ...toVersionSummary(row), source: exactSource(row.source, row.contentHash), tools: toToolDefinitions(row.toolDefinitions) };
}

/** A prompt row as the API lists it. */
export function toPromptSummary(row: {
  id: string;
  projectId: string;
  workspaceId: string;
  name: string;
  description: string | null;
  latestVersionNumber: number;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}): PromptSummaryOutput {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** A label row as the API shows it; a split label adds its split, experiment and stickiness (`versionNumber` is the control). */
export function toLabel(row: LabelRow): LabelOutput {
  const label: LabelOutput = { name: row.name, versionNumber: row.version.number, updatedById: row.updatedById, updatedAt: row.updatedAt.toISOString() };
  const target = targetOfLabel(row);
  if (isSplit(target)) Object.assign(label, { split: target.split, experimentId: row.experiment!.id, stickyBy: target.stickyBy });
  return label;
}
