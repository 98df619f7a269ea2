import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { TestCaseOutcome } from '../../src/testing/promptTestController.ts';
import { activateWithServer, fixtureUri, openFixture } from './helpers.ts';
import { collect, startProviderForExtension, stopProvider } from './runTestHelpers.ts';

describe('Test Explorer for name.tests.yaml', () => {
  let server: LocalProviderServer | undefined;
  let api: PromptStackApi;

  before(async () => {
    await openFixture('runner.prompt');
    api = await activateWithServer();
    server = await startProviderForExtension();
  });
  after(async () => {
    await stopProvider(server);
  });

  it('lists the test cases of runner.tests.yaml under the file', async () => {
    await api.tests.refresh();
    const file = api.tests.controller.items.get(fixtureUri('runner.tests.yaml').toString());
    assert.ok(file, 'an item for runner.tests.yaml');
    const labels: string[] = [];
    file.children.forEach((child) => labels.push(child.label));
    assert.deepEqual(labels.sort(), ['greets by name', 'says goodbye']);
    file.children.forEach((child) => assert.ok(child.range, `${child.label} points at its line`));
  });

  it('runs them from the Testing view: a held assertion passes, a broken one fails with its reason', async () => {
    await api.tests.refresh();
    const outcomes = collect(api.tests.onDidFinishTestCase);
    try {
      await vscode.commands.executeCommand('testing.runAll');
      const passed = await outcomes.until((o: TestCaseOutcome) => o.label === 'greets by name');
      const failed = await outcomes.until((o: TestCaseOutcome) => o.label === 'says goodbye');
      assert.equal(passed.outcome, 'passed', JSON.stringify(passed.messages));
      assert.equal(failed.outcome, 'failed');
      assert.equal(failed.messages.length, 1);
      assert.match(failed.messages[0]!, /^contains: .*Goodbye/);
    } finally {
      outcomes.dispose();
    }
  });
});
