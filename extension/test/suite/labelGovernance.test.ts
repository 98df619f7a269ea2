/**
 * Governed labels in the History view, against the real backend: a Member's Move Label Here on
 * the protected `production` label becomes a label request with a reason (not a 403); the Admin
 * sees it with requester, target and reason and approves it (never their own request); the label
 * history shows who moved it, when, from what to what and how, and the Admin rolls it back; a
 * requested traffic split shows its arms and its approval starts the live experiment.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MoveLabelOutcome } from '../../src/sync/labelCommands.ts';
import type { HistoryRow } from '../../src/team/teamApi.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { createBackendUser, joinWorkspace, type BackendUser } from './syncSupport.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
---
Summarise {{text}}.
`;

describe('governed labels on the backend: requests, approval, label history and rollback in the History view', function () {
  this.timeout(90_000);
  let world: BackendRunWorld;
  let member: BackendUser;
  let document: vscode.TextDocument;
  let promptId: string;

  /** The root rows of the History view for the prompt. */
  const roots = () => world.api.team.historyTree();
  /** The rows under the root row of `kind`. */
  async function under(kind: string): Promise<HistoryRow[]> {
    const group = (await roots()).find((row) => row.kind === kind);
    assert.ok(group, `a ${kind} row among ${(await roots()).map((r) => r.label).join(', ')}`);
    return world.api.team.historyTree(group.node);
  }
  const versionRow = async (n: number) => (await roots()).find((row) => row.kind === 'version' && row.label.startsWith(`v${n}`))!;
  const production = async () => (await world.user.client.prompts.get.query({ id: promptId })).labels.find((l) => l.name === 'production')?.versionNumber;

  before(async () => {
    world = await startBackendRunWorld('Admina');
    ({ document, promptId } = await linkNewPrompt(world, 'summary.prompt', PROMPT, 'summary'));
    await world.user.client.prompts.versions.upload.mutate({ id: promptId, source: PROMPT.replace('Summarise', 'Summarise briefly'), message: 'briefer' });
    await world.user.client.prompts.labels.set.mutate({ id: promptId, name: 'production', versionNumber: 1 });
    member = await createBackendUser('Memo');
    await joinWorkspace(world.user.client, world.workspaceId, member, 'MEMBER');
    await vscode.window.showTextDocument(document);
  });
  after(async () => {
    await world?.api.team.signInWithPassword(world.user.email, world.user.password);
    await world?.close();
  });

  it('turns a Member’s move of protected production into a label request with their reason', async () => {
    await world.api.team.signInWithPassword(member.email, member.password);
    const v2 = await versionRow(2);
    assert.equal(v2.contextValue, 'promptstack.version+labels', 'a Member is offered Move Label Here');
    const ui = world.script().picking('production').typing('v2 answers are shorter');
    const outcome = await vscode.commands.executeCommand<MoveLabelOutcome>('promptstack.history.moveLabel', v2.node);
    assert.deepEqual(ui.errors, [], 'no 403 shown');
    assert.ok(typeof outcome === 'object' && 'requested' in outcome, `a request, not a move: ${JSON.stringify(outcome)}`);
    assert.deepEqual(ui.infos, ['Asked for production → v2. An Admin approves or rejects it in the PromptStack History view.']);
    assert.ok(ui.asked.includes('input: Ask an Admin to point production at v2'), ui.asked.join(' | '));
    assert.equal(await production(), 1, 'production has not moved');

    const requests = await under('labelRequests');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.label, 'production → v2');
    assert.equal(requests[0]!.contextValue, 'promptstack.labelRequest', 'a Member cannot approve');
  });

  it('shows the Admin the request with requester, target and reason, never their own as decidable, and approves it', async () => {
    await world.api.team.signInWithPassword(world.user.email, world.user.password);
    await world.user.client.governance.labelRequests.create.mutate({ id: promptId, label: 'production', version: 1, reason: 'my own idea' });
    const requests = await under('labelRequests');
    const memos = requests.find((row) => row.description.startsWith('Memo'))!;
    assert.equal(memos.label, 'production → v2');
    assert.equal(memos.description, 'Memo: v2 answers are shorter');
    assert.equal(memos.contextValue, 'promptstack.labelRequest.decidable');
    const own = requests.find((row) => row.description.startsWith('Admina'))!;
    assert.equal(own.contextValue, 'promptstack.labelRequest', 'no Approve / Reject on one’s own request');

    const ui = world.script().choosing('Approve');
    assert.equal(await vscode.commands.executeCommand('promptstack.history.approveRequest', memos.node), 'approved');
    assert.deepEqual(ui.errors, []);
    assert.equal(await production(), 2);
  });

  it('lists the label history (who, when, from, to, via) with Rollback for the Admin, and rolls back', async () => {
    const moves = await under('labelHistory');
    const latest = moves[0]!;
    assert.equal(latest.label, 'production: v1 → v2');
    assert.match(latest.description, /^Admina, .+, via approval$/);
    assert.equal(latest.contextValue, 'promptstack.labelMove.rollbackable');
    assert.equal(moves.at(-1)!.label, 'production: none → v1');
    assert.equal(moves.at(-1)!.contextValue, 'promptstack.labelMove', 'only a label’s latest move is rolled back');

    const ui = world.script().choosing('Roll Back');
    assert.equal(await vscode.commands.executeCommand('promptstack.history.rollbackLabel', latest.node), 'rolled back');
    assert.deepEqual(ui.errors, []);
    assert.equal(await production(), 1);
    const after = await under('labelHistory');
    assert.equal(after[0]!.label, 'production: v2 → v1');
    assert.match(after[0]!.description, /via rollback$/);
  });

  it('moves production directly as an Admin, recorded as made in the editor; a Member sees no Rollback', async () => {
    const ui = world.script().picking('production');
    const outcome = await vscode.commands.executeCommand<MoveLabelOutcome>('promptstack.history.moveLabel', (await versionRow(2)).node);
    assert.deepEqual(outcome, { moved: 'production', versionNumber: 2 });
    assert.deepEqual(ui.errors, []);
    const moves = await under('labelHistory');
    assert.match(moves[0]!.description, /^Admina, .+, via editor$/);

    await world.api.team.signInWithPassword(member.email, member.password);
    const asMember = await under('labelHistory');
    assert.ok(
      asMember.every((row) => row.contextValue === 'promptstack.labelMove'),
      'no Rollback offered to a Member',
    );
  });

  it('offers a Viewer no label actions, and refuses Move Label Here with their role named', async () => {
    const viewer = await createBackendUser('Vera');
    await joinWorkspace(world.user.client, world.workspaceId, viewer, 'VIEWER');
    await member.client.governance.labelRequests.create.mutate({ id: promptId, label: 'production', version: 1, reason: 'back to v1' });
    await world.api.team.signInWithPassword(viewer.email, viewer.password);
    const v1 = await versionRow(1);
    assert.equal(v1.contextValue, 'promptstack.version', 'no Move Label Here for a Viewer');
    assert.ok(
      (await under('labelRequests')).every((row) => row.contextValue === 'promptstack.labelRequest'),
      'no Approve / Reject',
    );
    assert.ok(
      (await under('labelHistory')).every((row) => row.contextValue === 'promptstack.labelMove'),
      'no Rollback',
    );
    // Run anyway (a stale menu, a keybinding): the role is checked before anything is asked.
    const ui = world.script();
    assert.equal(await vscode.commands.executeCommand('promptstack.history.moveLabel', v1.node), 'failed');
    assert.deepEqual(ui.errors, ['Your role (viewer) cannot move labels of summary']);
  });

  it('shows a Member’s split request with its arms, and the Admin’s Approve starts the live experiment', async () => {
    await world.api.team.signInWithPassword(world.user.email, world.user.password);
    const split = [
      { version: 1, weight: 50 },
      { version: 2, weight: 50 },
    ];
    await member.client.governance.labelRequests.create.mutate({ id: promptId, label: 'production', split, stickyBy: 'userId', reason: 'try v1 beside v2' });
    const row = (await under('labelRequests')).find((r) => r.description === 'Memo: try v1 beside v2')!;
    assert.equal(row.label, 'production → v1 50% / v2 50%');
    assert.equal(row.contextValue, 'promptstack.labelRequest.decidable');

    const ui = world.script().choosing((message, buttons) => {
      assert.equal(message, 'Approve moving production to v1 50% / v2 50%?');
      return buttons[0];
    });
    assert.equal(await vscode.commands.executeCommand('promptstack.history.approveRequest', row.node), 'approved');
    assert.deepEqual(ui.errors, []);
    assert.deepEqual(ui.infos, ['Approved: production now splits its traffic v1 50% / v2 50%.']);
    const label = (await world.user.client.prompts.labels.list.query({ id: promptId })).find((l) => l.name === 'production');
    assert.deepEqual(
      label?.split?.map((arm) => ({ version: arm.version, weight: arm.weight })),
      split,
    );
    assert.ok(label?.experimentId, 'the approved split runs a live experiment');
    const moves = await under('labelHistory');
    assert.equal(moves[0]!.label, 'production: v2 → v1 50% / v2 50%');
    assert.match(moves[0]!.description, /^Admina, .+, via approval$/);
  });
});
