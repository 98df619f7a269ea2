/**
 * Team sync in the real extension host against a real backend (server/dist/main.js on an
 * embedded database, started by the runner): link, push, conflicts, pull, history, diff and
 * restore. The tests run in order on one prompt, as a user's day would.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import { CONFLICT_CHOICES } from '../../src/sync/conflict.ts';
import { readLinkedId, sameContent, withLinkedId } from '@promptstack/core/format/syncFields';
import type { VersionNode } from '../../src/sync/historyView.ts';
import { VERSION_SCHEME } from '../../src/sync/versionDocuments.ts';
import { activateExtension } from './helpers.ts';
import { activeDiff, appendText, createBackendUser, joinWorkspace, openTempPrompt, ScriptedUi, useTestBackend, type BackendUser } from './syncSupport.ts';

const GREETING = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string
---
Hello {{name}}, welcome to the team!
`;

describe('sync: link, push, pull, conflicts, history and restore against a real backend', function () {
  // Sign-ups hash passwords with bcrypt (cost 12): seconds on a busy machine.
  this.timeout(60_000);
  let api: PromptStackApi;
  let ada: BackendUser;
  let bob: BackendUser;
  let carol: BackendUser;
  let workspaceId: string;
  let document: vscode.TextDocument;
  let promptId: string;
  let ui: ScriptedUi;

  /** A fresh script for each step; its unexpected errors fail the step. */
  function script(): ScriptedUi {
    ui = new ScriptedUi();
    api.team.setUi(ui.ui());
    return ui;
  }

  async function latestOnBackend() {
    const prompt = await ada.client.prompts.get.query({ id: promptId });
    assert.ok(prompt.latestVersion);
    return prompt.latestVersion;
  }

  /** Bob pushes `edit(latest source)` from "his machine", based on the latest. */
  async function bobPushes(edit: (source: string) => string, message: string): Promise<number> {
    const latest = await latestOnBackend();
    const result = await bob.client.prompts.versions.upload.mutate({ id: promptId, source: edit(latest.source), message, baseVersion: latest.number });
    return result.latestVersionNumber;
  }

  before(async () => {
    api = await activateExtension();
    await useTestBackend();
    [ada, bob, carol] = await Promise.all([createBackendUser('Ada'), createBackendUser('Bob'), createBackendUser('Carol')]);
    const workspace = await ada.client.workspaces.create.mutate({ name: 'Sync Team' });
    workspaceId = workspace.id;
    await ada.client.projects.create.mutate({ workspaceId, name: 'Greetings' });
    await joinWorkspace(ada.client, workspaceId, bob, 'MEMBER');
    await api.team.signInWithPassword(ada.email, ada.password);
    document = await openTempPrompt('greeting.prompt', GREETING);
  });

  afterEach(() => {
    assert.deepEqual(ui?.errors ?? [], [], 'the extension showed errors');
  });

  after(() => api?.team.setUi(undefined));

  it('links a new file by creating a backend prompt from it: version 1, promptstack.id written into the frontmatter', async () => {
    script().picking('Sync Team', 'Create a new prompt').typing('Greeting');
    const linked = (await vscode.commands.executeCommand('promptstack.link', document.uri)) as { promptId: string; baseVersion: number; created: boolean };
    assert.equal(linked.created, true);
    assert.equal(linked.baseVersion, 1);
    promptId = linked.promptId;
    assert.equal(readLinkedId(document.getText()), promptId);
    assert.equal(
      document.getText(),
      GREETING.replace('---\nHello', `promptstack.id: ${promptId}\n---\nHello`),
      'only the link line was added, before the closing fence',
    );
    assert.equal(document.isDirty, false);
    const latest = await latestOnBackend();
    assert.equal(latest.number, 1);
    assert.equal(latest.source, GREETING);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'in-sync', version: 1 });
  });

  it('shows "modified" in the status bar after an edit, and pushes it as version 2 with the typed message', async () => {
    await appendText(document, 'Say hi from the whole team.\n');
    await document.save();
    const status = await api.team.refreshStatus();
    assert.deepEqual(status.state, { kind: 'modified', base: 1 });
    assert.match(status.text, /modified \(v1\)/);

    script().typing('Friendlier');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'pushed');
    const latest = await latestOnBackend();
    assert.equal(latest.number, 2);
    assert.equal(latest.message, 'Friendlier');
    assert.equal(latest.source, document.getText());
    assert.equal(latest.authorId, ada.id);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'in-sync', version: 2 });
  });

  it('shows "behind" when someone else pushed', async () => {
    await bobPushes((s) => s.replace('Hello', 'Howdy'), 'Cowboy greeting');
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'behind', base: 2, latest: 3 });
  });

  it('a push based on an old version is refused: the diff of latest vs the file opens and nothing is overwritten', async () => {
    await appendText(document, 'And a local line.\n');
    let diffWhileAsked: vscode.TabInputTextDiff | undefined;
    script()
      .typing('Mine')
      .choosing((message, buttons) => {
        diffWhileAsked = activeDiff();
        assert.match(message, /version 3 was pushed after your version 2/);
        assert.deepEqual(buttons, [CONFLICT_CHOICES.takeTheirs, CONFLICT_CHOICES.keepMine, CONFLICT_CHOICES.merge]);
        return undefined; // dismissed: decide later
      });
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'conflict');
    assert.ok(diffWhileAsked, 'a diff editor was the active tab when the choice was asked');
    assert.equal(diffWhileAsked.original.scheme, VERSION_SCHEME);
    assert.equal(diffWhileAsked.original.path, `/${promptId}/3/greeting.prompt`);
    assert.equal(diffWhileAsked.modified.toString(), document.uri.toString());
    const diff = activeDiff();
    assert.equal(diff?.original.toString(), diffWhileAsked.original.toString(), 'the diff stays open');
    const left = await vscode.workspace.openTextDocument(diffWhileAsked.original);
    assert.match(left.getText(), /Howdy \{\{name\}\}/, 'the left side is version 3 from the backend');
    const latest = await latestOnBackend();
    assert.equal(latest.number, 3, 'no version was written');
    assert.doesNotMatch(latest.source, /a local line/);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'conflict', base: 2, latest: 3 });
  });

  it('pull replaces the file with the latest version (after confirming) and keeps promptstack.id', async () => {
    script().choosing((_message, buttons) => buttons.find((b) => b.startsWith('Discard')));
    assert.equal(await vscode.commands.executeCommand('promptstack.pull', document.uri), 'pulled');
    const latest = await latestOnBackend();
    assert.equal(document.getText(), latest.source);
    assert.equal(readLinkedId(document.getText()), promptId);
    assert.equal(document.isDirty, false);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'in-sync', version: 3 });
  });

  it('"Keep mine" after a conflict pushes the file on top of the latest version', async () => {
    await bobPushes((s) => s.replace('Howdy', 'Hi there'), 'Less cowboy');
    await appendText(document, 'Keep this line.\n');
    script().typing('Mine on top').choosing(CONFLICT_CHOICES.keepMine);
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'pushed');
    const latest = await latestOnBackend();
    assert.equal(latest.number, 5);
    assert.equal(latest.source, document.getText());
    assert.match(latest.source, /Howdy .*Keep this line/s, "the file as it was (Bob's v4 is superseded by choice, not silently)");
  });

  it('"Take theirs" after a conflict replaces the file with the latest version', async () => {
    await bobPushes((s) => s.replace('Keep this line.', 'Bob kept it.'), 'Bob edits');
    await appendText(document, 'Doomed line.\n');
    script().typing('Doomed').choosing(CONFLICT_CHOICES.takeTheirs);
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'took-theirs');
    const latest = await latestOnBackend();
    assert.equal(latest.number, 6);
    assert.equal(document.getText(), latest.source);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'in-sync', version: 6 });
  });

  it('"Merge in editor" keeps the diff open and makes the next push go on top of the latest', async () => {
    await bobPushes((s) => `${s}Bob's footer.\n`, 'Footer');
    await appendText(document, 'My footer.\n');
    script().typing('Merge attempt').choosing(CONFLICT_CHOICES.merge);
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'merging');
    assert.ok(activeDiff(), 'the diff stays open to merge in');
    // The user merges: takes Bob's footer as well as their own.
    await appendText(document, "Bob's footer.\n");
    script().typing('Merged');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'pushed');
    const latest = await latestOnBackend();
    assert.equal(latest.number, 8);
    assert.match(latest.source, /My footer\.\nBob's footer\.\n$/);
  });

  it('the history view lists every version, newest first, with author, message and labels', async () => {
    await ada.client.prompts.labels.set.mutate({ id: promptId, name: 'production', versionNumber: 2 });
    await vscode.window.showTextDocument(document);
    const rows = await api.team.historyRows();
    assert.deepEqual(
      rows.map((r) => r.version.number),
      [8, 7, 6, 5, 4, 3, 2, 1],
    );
    const byNumber = (n: number) => rows.find((r) => r.version.number === n) as VersionNode;
    assert.equal(byNumber(3).author, 'Bob');
    assert.equal(byNumber(2).author, 'Ada');
    assert.equal(byNumber(2).version.message, 'Friendlier');
    assert.deepEqual(byNumber(2).labels, ['production']);
    assert.deepEqual(byNumber(3).labels, []);
  });

  it('opens a version against the file in the diff editor, read from the backend', async () => {
    const rows = await api.team.historyRows();
    const first = rows.find((r) => r.version.number === 1);
    assert.ok(first);
    await vscode.commands.executeCommand('promptstack.history.openDiff', first);
    const diff = activeDiff();
    assert.ok(diff, 'a diff editor is active');
    assert.equal(diff.original.toString(), vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${promptId}/1/greeting.prompt` }).toString());
    assert.equal(diff.modified.toString(), document.uri.toString());
    const left = await vscode.workspace.openTextDocument(diff.original);
    assert.equal(left.getText(), GREETING);
  });

  it('restores a version by pushing it as a new version, and writes it into the file', async () => {
    const first = (await api.team.historyRows()).find((r) => r.version.number === 1);
    assert.ok(first);
    script().choosing('Restore v1');
    assert.equal(await vscode.commands.executeCommand('promptstack.history.restore', first), 'restored');
    const latest = await latestOnBackend();
    assert.equal(latest.number, 9);
    assert.equal(latest.message, 'Restore version 1');
    assert.equal(latest.source, withLinkedId(GREETING, promptId));
    assert.ok(sameContent(latest.source, GREETING));
    assert.equal(document.getText(), latest.source);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'in-sync', version: 9 });
  });

  it('links a second file to the existing prompt, taking its latest version into the file when asked', async () => {
    const second = await openTempPrompt('copy.prompt', 'Hello {{name}}, an older copy.\n');
    script()
      .picking('Sync Team', 'Greeting')
      .choosing((message, buttons) => {
        assert.match(message, /copy\.prompt differs from "Greeting" v9/);
        return buttons.find((b) => b.startsWith('Replace the file'));
      });
    const linked = (await vscode.commands.executeCommand('promptstack.link', second.uri)) as { promptId: string; baseVersion: number; created: boolean };
    assert.deepEqual(linked, { promptId, baseVersion: 9, created: false });
    assert.equal(second.getText(), (await latestOnBackend()).source);
    assert.equal(second.isDirty, false);
    assert.deepEqual((await api.team.refreshStatus()).state, { kind: 'in-sync', version: 9 });
    await vscode.window.showTextDocument(document);
  });

  it("reports a viewer's push as a clear 403 message and writes nothing", async () => {
    await joinWorkspace(ada.client, workspaceId, carol, 'VIEWER');
    await api.team.signInWithPassword(carol.email, carol.password);
    try {
      await appendText(document, 'Viewer edit.\n');
      const viewer = script().typing('Viewer push');
      assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'failed');
      assert.equal(viewer.errors.length, 1);
      assert.match(viewer.errors[0] ?? '', /^You don't have access to this prompt \(403\): .*viewer/);
      viewer.errors.length = 0;
      assert.equal((await latestOnBackend()).number, 9);
    } finally {
      await api.team.signInWithPassword(ada.email, ada.password);
    }
  });

  it('reports a file linked to a prompt the backend does not have as a clear 404, in the status bar and on push', async () => {
    const orphan = await openTempPrompt('orphan.prompt', '---\npromptstack.id: no-such-prompt\n---\nHi {{name}}\n');
    const status = await api.team.refreshStatus();
    assert.equal(status.state?.kind, 'error');
    assert.match(status.state?.kind === 'error' ? status.state.message : '', /not found on the backend.*\(404\)/);
    const failing = script().typing('Push the orphan');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', orphan.uri), 'failed');
    assert.deepEqual(failing.errors, ['This prompt was not found on the backend, or you are not a member of its workspace (404)']);
    failing.errors.length = 0;
  });
});
