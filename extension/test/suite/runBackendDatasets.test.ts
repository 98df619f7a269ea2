/**
 * Backend datasets of a linked prompt's project (created through the API, on the backend the
 * runner started): their rows are inputs in "Run with...", and their items are test cases in the
 * Test Explorer under the file, run on the backend and checked with core's assertions.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DATASETS_GROUP_LABEL } from '../../src/testing/datasetTests.ts';
import type { TestCaseOutcome } from '../../src/testing/promptTestController.ts';
import type { RunView } from '../../src/webviews/protocol.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { collect } from './runTestHelpers.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string
---
Greet {{name}} warmly.
`;

/** The labels of an item's children, in order. */
function childLabels(item: vscode.TestItem): string[] {
  const labels: string[] = [];
  item.children.forEach((child) => labels.push(child.label));
  return labels;
}

describe("backend datasets: the rows of a linked prompt's project datasets in Run with... and the Test Explorer", function () {
  this.timeout(60_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;
  let datasetId: string;

  before(async () => {
    world = await startBackendRunWorld('Datasets', { 'gpt-4o-mini': { tokensPerChunk: 2 } });
    ({ document, promptId } = await linkNewPrompt(world, 'greet.prompt', PROMPT, 'Greet'));
    const dataset = await world.user.client.datasets.create.mutate({
      projectId: world.projectId,
      name: 'Greetings',
      items: [
        { input: { name: 'Ada' }, assertions: [{ type: 'contains', value: 'Ada' }] },
        { input: { name: 'Bob' }, assertions: [{ type: 'contains', value: 'Goodbye' }] },
      ],
    });
    datasetId = dataset.id;
  });
  after(async () => {
    await world?.close();
  });

  it('offers each dataset row in Run with... and runs the chosen row on the backend', async () => {
    const scripted = world.script().picking('Greetings #2');
    const answers = scripted.ui();
    let offered: string[] = [];
    world.api.team.setUi({
      ...answers,
      pick: (items, options) => {
        offered = items.map((item) => item.label);
        return answers.pick!(items, options);
      },
    });
    const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri);
    assert.deepEqual(scripted.asked, ['pick: Run with...'], 'one question: the input (the file equals its pushed version)');
    assert.ok(
      offered.includes('$(database) Greetings #1') && offered.includes('$(database) Greetings #2'),
      `the dataset rows are offered: ${offered.join(' | ')}`,
    );
    assert.ok(run, 'the run happened');
    assert.deepEqual(run.input, { name: 'Bob' }, "the chosen row's input ran");
    assert.equal(run.target, 'backend');
    assert.equal(run.status, 'success', JSON.stringify(run.error));
    assert.match(run.output, /Bob/);
    assert.ok(
      run.messages.length > 0 && run.messages.every((m) => m.text.length > 0),
      `the backend run shows the messages sent: ${JSON.stringify(run.messages)}`,
    );
    assert.match(run.messages.at(-1)!.text, /Greet Bob warmly\./);
    const again = await vscode.commands.executeCommand<RunView>('promptstack.run', document.uri);
    assert.deepEqual(again?.input, { name: 'Bob' }, 'Run reuses the row Run with... remembered');
  });

  it('lists the dataset items under the file, in a "PromptStack datasets" group', async () => {
    await world.api.tests.refresh();
    let file: vscode.TestItem | undefined;
    world.api.tests.controller.items.forEach((item) => {
      if (item.uri?.toString() === document.uri.toString() && childLabels(item).includes(DATASETS_GROUP_LABEL)) file = item;
    });
    assert.ok(file, 'an item for greet.prompt with its datasets');
    const group = file.children.get(`${file.id}#group`)!;
    assert.equal(group.label, DATASETS_GROUP_LABEL);
    assert.equal(group.error, undefined);
    assert.deepEqual(childLabels(group), ['Greetings']);
    const dataset = group.children.get(`${file.id}#${datasetId}`)!;
    assert.equal(dataset.description, '2 items');
    assert.deepEqual(childLabels(dataset), ['#1 {"name":"Ada"}', '#2 {"name":"Bob"}']);
  });

  it('runs them from the Testing view on the backend: a held assertion passes, a broken one fails with its reason', async () => {
    await world.api.tests.refresh();
    const before = (await world.user.client.runs.list.query({ id: promptId })).total;
    const outcomes = collect(world.api.tests.onDidFinishTestCase);
    const ui = world.script();
    try {
      await vscode.commands.executeCommand('testing.runAll');
      const passed = await outcomes.until((o: TestCaseOutcome) => o.label === '#1 {"name":"Ada"}');
      const failed = await outcomes.until((o: TestCaseOutcome) => o.label === '#2 {"name":"Bob"}');
      assert.equal(passed.outcome, 'passed', JSON.stringify(passed.messages));
      assert.equal(failed.outcome, 'failed', JSON.stringify(failed.messages));
      assert.deepEqual(failed.messages, ["contains: Output does not contain 'Goodbye'"]);
      assert.deepEqual(ui.asked, [], 'the file equals its pushed version: no question');
      const after = (await world.user.client.runs.list.query({ id: promptId })).total;
      assert.equal(after - before, 2, 'both items ran on the backend and were recorded');
    } finally {
      outcomes.dispose();
    }
  });
});
