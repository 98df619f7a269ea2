/**
 * What a linked prompt does in production, for the lenses above it: the version its `production`
 * label names, the last 7 days of generations logged by applications (calls, p95 latency,
 * error rate, spend) from the backend's analytics with `source: 'production'`, and the results of
 * the live experiment of each split label. The labels (read in the prompt read's batch) say which
 * are split, so a prompt without a running experiment costs no more requests. Kept per prompt for 15 seconds, so
 * redrawing lenses does not ask the backend each time.
 */
import type { ExperimentResults } from '../experiments/experimentText.ts';
import type { BackendClient } from '../team/api/client.ts';

const DAY_MS = 86_400_000;
/** The window the lens reports. */
export const PRODUCTION_WINDOW_DAYS = 7;
/** How long figures are shown before the backend is asked again (a lens redraw within it asks nothing). */
const FRESH_MS = 15_000;

/** The lens's figures. */
export interface ProductionFigures {
  workspaceId: string;
  /** The version the `production` label names (null when the prompt has no such label). */
  version: number | null;
  calls: number;
  p95Ms: number | null;
  errorRate: number | null;
  spendUsd: number;
  /** The results of the running experiment of each split label (none when no label is split). */
  experiments: ExperimentResults[];
}

/** Reads the figures of `promptId` over the 7 days before `now`; throws the client's error. */
export async function loadProductionFigures(client: BackendClient, promptId: string, now = new Date()): Promise<ProductionFigures> {
  const prompt = await client.prompts.get.query({ id: promptId });
  const from = new Date(now.getTime() - PRODUCTION_WINDOW_DAYS * DAY_MS).toISOString();
  const splitLabels = prompt.labels.filter((label) => label.experimentId !== undefined);
  const [dashboard, experiments] = await Promise.all([
    client.analytics.dashboard.query({ workspaceId: prompt.workspaceId, promptId, source: 'production', from, to: now.toISOString() }),
    Promise.all(splitLabels.map((label) => client.experimentResults.results.query({ id: label.experimentId! }))),
  ]);
  return {
    workspaceId: prompt.workspaceId,
    version: prompt.labels.find((label) => label.name === 'production')?.versionNumber ?? null,
    calls: dashboard.runs,
    p95Ms: dashboard.latency.p95Ms,
    errorRate: dashboard.errorRate,
    spendUsd: dashboard.spendUsd,
    experiments: experiments.filter((results) => results.experiment.status === 'RUNNING'),
  };
}

/** `production v3 · 1,234 calls · p95 820 ms · 0.4% errors · $1.23 (7 days)`. */
export function productionLensTitle(figures: ProductionFigures, formatUsd: (usd: number) => string): string {
  const version = figures.version === null ? 'production: no label' : `production v${figures.version}`;
  if (figures.calls === 0) return `${version} · no calls in ${PRODUCTION_WINDOW_DAYS} days`;
  const parts = [
    version,
    `${figures.calls.toLocaleString('en-US')} ${figures.calls === 1 ? 'call' : 'calls'}`,
    figures.p95Ms === null ? 'p95 n/a' : `p95 ${Math.round(figures.p95Ms).toLocaleString('en-US')} ms`,
    `${figures.errorRate === null ? 'n/a' : `${+(figures.errorRate * 100).toFixed(1)}%`} errors`,
    formatUsd(figures.spendUsd),
  ];
  return `${parts.join(' · ')} (${PRODUCTION_WINDOW_DAYS} days)`;
}

/** Figures per prompt id, each reused for FRESH_MS; a failed load is not kept. */
export class ProductionFiguresCache {
  private readonly entries = new Map<string, { at: number; figures: Promise<ProductionFigures> }>();

  constructor(private readonly client: () => BackendClient) {}

  get(promptId: string, now = Date.now()): Promise<ProductionFigures> {
    const entry = this.entries.get(promptId);
    if (entry && now - entry.at < FRESH_MS) return entry.figures;
    const figures = loadProductionFigures(this.client(), promptId);
    this.entries.set(promptId, { at: now, figures });
    figures.catch(() => this.entries.delete(promptId));
    return figures;
  }

  /** Forgets everything (sign-in or sign-out, another backend). */
  clear(): void {
    this.entries.clear();
  }
}
