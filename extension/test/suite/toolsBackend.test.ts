/**
 * Tool files on the team backend, in the real extension host: a prompt naming `lookupOrder` links
 * and pushes with `tools/lookupOrder.tool.yaml` beside it, the backend records the definition with
 * the version, a changed tool file pushes a new version, and a push whose tool file is gone is
 * refused naming the tool. The backend is the runner's real server on an embedded database.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fixtureUri } from './helpers.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';

describe('tool files on the team backend: link and push with the tools a prompt names', function () {
  this.timeout(60_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;
  let toolPath: string;
  const toolFile = readFileSync(fixtureUri('tools/lookupOrder.tool.yaml').fsPath, 'utf8');

  before(async () => {
    world = await startBackendRunWorld('Tools');
    const prompt = readFileSync(fixtureUri('order.prompt').fsPath, 'utf8');
    // The tool file is written beside the prompt (in tools/) before the link reads it.
    ({ document, promptId } = await linkNewPrompt(world, 'order.prompt', prompt, 'Order', (folder) => {
      mkdirSync(join(folder, 'tools'), { recursive: true });
      toolPath = join(folder, 'tools', 'lookupOrder.tool.yaml');
      writeFileSync(toolPath, toolFile);
    }));
  });
  after(async () => {
    await world?.close();
  });

  const latestTools = async () => (await world.user.client.prompts.get.query({ id: promptId })).latestVersion?.tools;

  it('records the tool definition with the version the link creates', async () => {
    const tools = await latestTools();
    assert.equal(tools?.length, 1);
    assert.equal(tools[0]!.name, 'lookupOrder');
    assert.equal(tools[0]!.description, 'Finds an order by id.');
    assert.deepEqual(tools[0]!.inputSchema, { id: 'string' });
  });

  it('pushes a new version when only the tool file changed', async () => {
    writeFileSync(toolPath, toolFile.replace('Finds an order by id.', 'Finds an order by id or email.'));
    world.script().typing('Lookup by email');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'pushed');
    const prompt = await world.user.client.prompts.get.query({ id: promptId });
    assert.equal(prompt.latestVersionNumber, 2);
    assert.equal(prompt.latestVersion?.tools[0]?.description, 'Finds an order by id or email.');
  });

  it('is refused naming the tool when its file is gone, and makes no version', async () => {
    rmSync(toolPath);
    const ui = world.script().typing('No tool file');
    assert.equal(await vscode.commands.executeCommand('promptstack.push', document.uri), 'failed');
    assert.match(ui.errors.join('\n'), /No definition for tool 'lookupOrder'/);
    assert.equal((await world.user.client.prompts.get.query({ id: promptId })).latestVersionNumber, 2);
  });
});
