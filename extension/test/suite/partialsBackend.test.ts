/**
 * README's partial example on the team backend, in the real extension host: a prompt including
 * `{{> signature}}` links and pushes with its `_signature.prompt`, a signed-in run renders the
 * partial on the backend, a push right after the link makes no version, and a changed partial
 * pushes a new version. The backend is the runner's real server on an embedded database.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { REPLACE_PARTIALS } from '../../src/sync/partialPull.ts';
import type { RunView } from '../../src/webviews/protocol.ts';
import { fixtureUri } from './helpers.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';

const ORDERS = [{ id: 'A-1', status: 'shipped' }];

describe("partials on the team backend: link, push and run README's example", function () {
  this.timeout(60_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;
  let signaturePath: string;

  before(async () => {
    world = await startBackendRunWorld('Partials');
    const prompt = readFileSync(fixtureUri('support-reply.prompt').fsPath, 'utf8');
    const signature = readFileSync(fixtureUri('_signature.prompt').fsPath, 'utf8');
    // The partial file is written beside the prompt before the link reads it.
    const linked = await linkNewPrompt(world, 'support-reply.prompt', prompt, 'Support reply', (folder) => {
      signaturePath = join(folder, '_signature.prompt');
      writeFileSync(signaturePath, signature);
    });
    ({ document, promptId } = linked);
  });
  after(async () => {
    await world?.close();
  });

  it('stores the partial on the backend with the linked prompt', async () => {
    const partials = await world.user.client.prompts.list.query({ projectId: world.projectId, kind: 'PARTIAL' });
    assert.deepEqual(
      partials.items.map((p) => p.name),
      ['signature'],
    );
    const prompts = await world.user.client.prompts.list.query({ projectId: world.projectId });
    assert.deepEqual(
      prompts.items.map((p) => p.id),
      [promptId],
      'the partial is not listed among prompts',
    );
  });

  it('pushes right after the link without making a version (the link line is not a change)', async () => {
    assert.match(document.getText(), /promptstack\.id:/);
    world.script().typing('');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'unchanged');
    const prompt = await world.user.client.prompts.get.query({ id: promptId });
    assert.equal(prompt.latestVersionNumber, 1);
  });

  it('runs on the backend with the partial rendered, as the editor renders it', async () => {
    const ui = world.script();
    const run = (await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { customer: 'Ada', orders: ORDERS }))!;
    assert.deepEqual(ui.errors, []);
    assert.equal(run.status, 'success', JSON.stringify(run.error));
    assert.equal(run.target, 'backend');
    assert.equal(run.recorded?.promptId, promptId);
    const sent = run.messages.map((m) => m.text).join('\n');
    assert.match(sent, /Hi, I'm Ada/);
    assert.match(sent, /Kind regards,\s*The support team/);
  });

  it('pushes a new version when only the partial changed, and the backend renders the new partial', async () => {
    writeFileSync(signaturePath, 'Best wishes,\nThe support team\n');
    world.script().typing('New signature');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'pushed');
    const prompt = await world.user.client.prompts.get.query({ id: promptId });
    assert.equal(prompt.latestVersionNumber, 2);
    const run = (await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { customer: 'Bo', orders: ORDERS }))!;
    assert.equal(run.status, 'success', JSON.stringify(run.error));
    assert.equal(run.recorded?.versionNumber, 2);
    assert.match(run.messages.map((m) => m.text).join('\n'), /Best wishes/);
  });

  it('lists the included partial with its versions in the History view, under the prompt versions', async () => {
    await vscode.window.showTextDocument(document);
    const rows = await world.api.team.historyRows();
    assert.deepEqual(
      rows.map((row) => row.version.number),
      [2, 1],
    );
    assert.deepEqual(await world.api.team.historyPartials(), [{ name: 'signature', description: 'partial, v2', versions: [2, 1] }]);
  });

  it("pulls the backend's latest partial beside the prompt, asking before it replaces a partial that differs", async () => {
    const cheers = 'Cheers,\nThe support team\n';
    // A teammate pushes a new signature with the prompt: version 3, the partial's version 3.
    await world.user.client.prompts.versions.upload.mutate({ id: promptId, source: document.getText(), baseVersion: 2, partials: { signature: cheers } });
    const ui = world.script().choosing(REPLACE_PARTIALS);
    assert.equal(await vscode.commands.executeCommand('promptstack.pull', document.uri), 'pulled', ui.errors.join('; '));
    assert.deepEqual(ui.asked, ["choose: support-reply.prompt includes _signature.prompt, which differs from the backend's latest."]);
    assert.equal(readFileSync(signaturePath, 'utf8'), cheers);
    assert.match(ui.infos.join('\n'), /support-reply\.prompt is now version 3 \(with _signature\.prompt\)/);

    // A clone without the partial file gets it on pull, with no question.
    rmSync(signaturePath);
    const again = world.script();
    assert.equal(await vscode.commands.executeCommand('promptstack.pull', document.uri), 'pulled', again.errors.join('; '));
    assert.deepEqual(again.asked, []);
    assert.equal(readFileSync(signaturePath, 'utf8'), cheers);
  });

  it('says a partial file is pushed with its prompts instead of linking it', async () => {
    const partial = await vscode.workspace.openTextDocument(vscode.Uri.file(signaturePath));
    const ui = world.script();
    assert.equal(await vscode.commands.executeCommand('promptstack.push', partial.uri), 'cancelled');
    assert.match(ui.infos.join('\n'), /_signature\.prompt is a partial: it is pushed with every prompt that includes \{\{> signature\}\}/);
    assert.doesNotMatch(partial.getText(), /promptstack\.id/, 'no link line was written into the partial');
    assert.equal(dirname(partial.uri.fsPath), dirname(document.uri.fsPath));
  });
});
