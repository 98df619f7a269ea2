import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { TestCaseOutcome } from '../../src/testing/promptTestController.ts';
import { activateWithServer, fixtureUri, openFixture } from './helpers.ts';
import { collect, startProviderForExtension, stopProvider } from './runTestHelpers.ts';

/** A lookahead: JavaScript takes it, the linear-time engine does not. */
const REFUSED_FILE = 'lookahead.tests.yaml';
const REFUSED = `prompt: ./runner.prompt
tests:
  - name: greets
    assert:
      - { type: regex, value: "hello (?=World)" }
`;

/** Outputs `Echo: Say hello to aaa...a!.`: a backtracking engine would try 2^50000 splits of the a's. */
const CATASTROPHIC_FILE = 'catastrophic.tests.yaml';
const CATASTROPHIC = `prompt: ./runner.prompt
tests:
  - name: ends in a run of a
    input: { name: "${'a'.repeat(50_000)}!" }
    assert:
      - { type: regex, value: "(a+)+$" }
`;

describe('Test Explorer: regex assertions run on a linear-time engine', () => {
  let server: LocalProviderServer | undefined;
  let api: PromptStackApi;
  const write = (name: string, text: string) => vscode.workspace.fs.writeFile(fixtureUri(name), new TextEncoder().encode(text));

  before(async () => {
    await openFixture('runner.prompt');
    api = await activateWithServer();
    server = await startProviderForExtension();
    await write(REFUSED_FILE, REFUSED);
    await write(CATASTROPHIC_FILE, CATASTROPHIC);
    await api.tests.refresh();
  });
  after(async () => {
    for (const name of [REFUSED_FILE, CATASTROPHIC_FILE]) await vscode.workspace.fs.delete(fixtureUri(name));
    await api?.tests.refresh();
    await stopProvider(server);
  });

  it('marks a tests file whose pattern the engine cannot take with the reason at its line', () => {
    const file = api.tests.controller.items.get(fixtureUri(REFUSED_FILE).toString());
    assert.ok(file, `an item for ${REFUSED_FILE}`);
    assert.match(
      file.error as string,
      /^line 5: tests\.0\.assert\.0\.value: Invalid regex \/hello \(\?=World\)\/: .*RE2 syntax: no backreferences or lookaround/,
    );
    assert.equal(file.children.size, 0);
  });

  it('evaluates (a+)+$ on a 50,000-character output to a failure with its reason', async () => {
    const item = api.tests.controller.items.get(fixtureUri(CATASTROPHIC_FILE).toString());
    assert.ok(item, `an item for ${CATASTROPHIC_FILE}`);
    const outcomes = collect(api.tests.onDidFinishTestCase);
    try {
      await vscode.commands.executeCommand('testing.runAll');
      const outcome = await outcomes.until((o: TestCaseOutcome) => o.label === 'ends in a run of a');
      assert.equal(outcome.outcome, 'failed', JSON.stringify(outcome.messages));
      assert.deepEqual(outcome.messages, ['regex: Output does not match /(a+)+$/']);
    } finally {
      outcomes.dispose();
    }
  });
});
