/**
 * The History view's label commands, as `(ctx) => handler` factories for the command table:
 * Move Label Here (on a version; a protected label asked of an Admin as a label request, with a
 * reason, when the user's role may not move it directly), Approve / Reject a label request (to one
 * version or to a traffic split, which starts a live experiment), and
 * Roll Back a label's latest move. Each returns its outcome (tests read it) and shows the
 * backend's refusal in plain words.
 */
import type { PromptStackContext } from '../context.ts';
import { toApiError } from '../team/api/errors.ts';
import { mayMoveLabels, movesDirectly, roleIn } from '../team/roles.ts';
import type { Team } from '../team/team.ts';
import type { VersionNode } from './historyView.ts';
import { targetText, type LabelMoveNode, type LabelRequestNode } from './labelGovernance.ts';

/** What Move Label Here did. */
export type MoveLabelOutcome =
  { moved: string; versionNumber: number } | { requested: string; versionNumber: number; requestId: string } | 'cancelled' | 'failed';

/** The label every prompt is served by; offered even before it exists. */
const PRODUCTION = 'production';
const OTHER_LABEL = 'Other label…';

function nodeOf<T extends { kind: string }>(value: unknown, kind: T['kind']): T | undefined {
  return typeof value === 'object' && value !== null && (value as T).kind === kind ? (value as T) : undefined;
}

/** Runs a backend call; a refusal is shown (naming `what`) and answers 'failed'. */
async function orSay<T>(team: Team, what: string, call: () => Promise<T>): Promise<T | 'failed'> {
  try {
    return await call();
  } catch (error) {
    team.ui.error(toApiError(error, what, team.deps.backendUrl()).message);
    return 'failed';
  }
}

/** `promptstack.history.moveLabel`: points a label at a version, or asks an Admin to. */
export function moveLabelCommand({ team }: PromptStackContext) {
  return async (target?: unknown): Promise<MoveLabelOutcome> => {
    const node = nodeOf<VersionNode>(target, 'version');
    if (!node || node.partial) {
      team.ui.error('Choose a version of a prompt in the PromptStack History view');
      return 'cancelled';
    }
    const client = team.client();
    const versionNumber = node.version.number;
    const facts = await orSay(team, 'this prompt', async () => {
      const prompt = await client.prompts.get.query({ id: node.promptId });
      const [role, guarded] = await Promise.all([roleIn(client, prompt.workspaceId), client.governance.protectedLabels.get.query({ id: prompt.projectId })]);
      return { prompt, role, protectedLabels: guarded.labels };
    });
    if (facts === 'failed') return 'failed';
    const { prompt, role, protectedLabels } = facts;
    if (!mayMoveLabels(role)) return (void team.ui.error(`Your role (${(role ?? 'none').toLowerCase()}) cannot move labels of ${prompt.name}`), 'failed');

    const names = [...new Set([PRODUCTION, ...prompt.labels.map((label) => label.name)])];
    const picked = await team.ui.pick(
      [
        ...names.map((name) => {
          const current = prompt.labels.find((label) => label.name === name);
          const guarded = protectedLabels.includes(name) ? ', protected' : '';
          return {
            label: name,
            description: current ? `now v${current.versionNumber}${current.split ? ' (live experiment)' : ''}${guarded}` : `not set${guarded}`,
          };
        }),
        { label: OTHER_LABEL, description: 'type a label name' },
      ],
      { title: `Move a label of ${prompt.name} to v${versionNumber}` },
    );
    if (!picked) return 'cancelled';
    const label = picked.label === OTHER_LABEL ? (await team.ui.input({ title: 'Label name', prompt: 'e.g. staging' }))?.trim() : picked.label;
    if (!label) return 'cancelled';

    if (!movesDirectly(role, label, protectedLabels)) {
      const reason = await team.ui.input({
        title: `Ask an Admin to point ${label} at v${versionNumber}`,
        prompt: `${label} is protected: only an Admin moves it. Say why it should move; an Admin approves or rejects the request.`,
        validateInput: (value) => (value.trim() ? undefined : 'A reason helps the Admin decide'),
      });
      if (!reason?.trim()) return 'cancelled';
      const request = await orSay(team, 'this prompt', () =>
        client.governance.labelRequests.create.mutate({ id: node.promptId, label, version: versionNumber, reason: reason.trim() }),
      );
      if (request === 'failed') return 'failed';
      team.ui.info(`Asked for ${label} → v${versionNumber}. An Admin approves or rejects it in the PromptStack History view.`);
      team.history.refresh();
      return { requested: label, versionNumber, requestId: request.id };
    }

    if (prompt.labels.find((l) => l.name === label)?.split) {
      const end = 'Move and End Experiment';
      const answer = await team.ui.choose(
        `${label} runs a live experiment.`,
        { modal: true, detail: `Pointing it at v${versionNumber} alone ends the experiment.` },
        end,
      );
      if (answer !== end) return 'cancelled';
    }
    const moved = await orSay(team, 'this prompt', () => client.prompts.labels.set.mutate({ id: node.promptId, name: label, versionNumber }));
    if (moved === 'failed') return 'failed';
    team.ui.info(`${label} now points at v${versionNumber}.`);
    team.history.refresh();
    return { moved: label, versionNumber };
  };
}

/** `promptstack.history.approveRequest`: approves a pending label request (the label moves). */
export function approveRequestCommand({ team }: PromptStackContext) {
  return async (target?: unknown): Promise<'approved' | 'cancelled' | 'failed'> => {
    const node = nodeOf<LabelRequestNode>(target, 'labelRequest');
    if (!node) {
      team.ui.error('Choose a label request in the PromptStack History view');
      return 'cancelled';
    }
    const { request } = node;
    const approve = 'Approve';
    const split = 'split' in request.target;
    const question = `Approve moving ${request.label} to ${targetText(request.target)}?`;
    const detail = [split ? 'The split starts a live experiment on the label.' : undefined, request.reason ?? undefined].filter(Boolean).join('\n\n');
    if ((await team.ui.choose(question, { modal: true, detail: detail || undefined }, approve)) !== approve) return 'cancelled';
    const answer = await orSay(team, 'this label request', () =>
      team.client().governance.labelRequests.approve.mutate({ id: node.scope.promptId, requestId: request.id }),
    );
    team.history.refresh();
    if (answer === 'failed') return 'failed';
    team.ui.info(`Approved: ${request.label} now ${split ? 'splits its traffic' : 'points at'} ${targetText(request.target)}.`);
    return 'approved';
  };
}

/** `promptstack.history.rejectRequest`: rejects a pending label request, with an optional note. */
export function rejectRequestCommand({ team }: PromptStackContext) {
  return async (target?: unknown): Promise<'rejected' | 'cancelled' | 'failed'> => {
    const node = nodeOf<LabelRequestNode>(target, 'labelRequest');
    if (!node) {
      team.ui.error('Choose a label request in the PromptStack History view');
      return 'cancelled';
    }
    const { request } = node;
    const note = await team.ui.input({
      title: `Reject moving ${request.label} to ${targetText(request.target)}`,
      prompt: 'A note for the requester (optional)',
    });
    if (note === undefined) return 'cancelled';
    const answer = await orSay(team, 'this label request', () =>
      team.client().governance.labelRequests.reject.mutate({ id: node.scope.promptId, requestId: request.id, note: note.trim() || undefined }),
    );
    team.history.refresh();
    return answer === 'failed' ? 'failed' : 'rejected';
  };
}

/** `promptstack.history.rollbackLabel`: moves a label back to where it pointed before its latest move. */
export function rollbackLabelCommand({ team }: PromptStackContext) {
  return async (target?: unknown): Promise<'rolled back' | 'cancelled' | 'failed'> => {
    const node = nodeOf<LabelMoveNode>(target, 'labelMove');
    if (!node) {
      team.ui.error('Choose a label move in the PromptStack History view');
      return 'cancelled';
    }
    const { move } = node;
    const rollback = 'Roll Back';
    const question = `Roll ${move.label} back from ${targetText(move.to)} to ${targetText(move.from)}?`;
    if ((await team.ui.choose(question, { modal: true, detail: 'The rollback is a new move in the label history.' }, rollback)) !== rollback)
      return 'cancelled';
    const answer = await orSay(team, 'this label', () =>
      team.client().governance.rollback.mutate({ id: node.scope.promptId, name: move.label, reason: `Rolled back from the editor (${targetText(move.to)})` }),
    );
    team.history.refresh();
    if (answer === 'failed') return 'failed';
    team.ui.info(`${move.label} points at ${targetText(answer.to)} again.`);
    return 'rolled back';
  };
}
