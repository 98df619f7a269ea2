/** Label targets, actors and the ways a label moved, in words (the label history, requests and webhooks show them). */
import type { api } from '../api.ts';

/** One entry of a prompt's label history, as the server answers it. */
export type LabelHistoryEntry = Awaited<ReturnType<typeof api.governance.history.query>>['items'][number];
/** Where a label points: one version, or a split across versions. */
export type LabelTarget = LabelHistoryEntry['to'];
/** Who acted: a user, an API key, or the system. */
export type Actor = LabelHistoryEntry['actor'];

/** "v3", or "v7 90% · v8 10%, sticky by userId" for a split; "nothing" when the label did not exist. */
export function formatTarget(target: LabelTarget): string {
  if (target === null) return 'nothing';
  if ('versionNumber' in target) return `v${target.versionNumber}`;
  return `${formatSplit(target.split)}${target.stickyBy ? `, sticky by ${target.stickyBy}` : ''}`;
}

/** Each arm with its share of the traffic: "v7 90% · v8 10%". */
export function formatSplit(split: Array<{ version: number; weight: number }>): string {
  const total = split.reduce((sum, arm) => sum + arm.weight, 0);
  if (!(total > 0)) return split.map((arm) => `v${arm.version}`).join(' · ');
  return split.map((arm) => `v${arm.version} ${formatShare(arm.weight / total)}`).join(' · ');
}

function formatShare(share: number): string {
  const percent = share * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** A person by name (or email), an API key by name, or "PromptStack" for the system (a guardrail). */
export function actorName(actor: Actor): string {
  if (actor.kind === 'user') return actor.name ?? actor.email ?? 'a former member';
  if (actor.kind === 'apiKey') return `API key ${actor.name ?? actor.id}`;
  return 'PromptStack';
}

/** How a move was made, as the history's `via` records it. */
export const VIA_NAMES: Record<string, string> = {
  web: 'web app',
  editor: 'editor',
  cli: 'command line',
  api: 'API',
  approval: 'approved request',
  rollback: 'rollback',
  experiment: 'experiment promotion',
  guardrail: 'guardrail',
};

export function viaName(via: string): string {
  return VIA_NAMES[via] ?? via;
}

/** A date and time in the reader's locale. */
export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString();
}
