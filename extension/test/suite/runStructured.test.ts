import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { PostedWebviewMessage, RunView } from '../../src/webviews/protocol.ts';
import { activateWithServer, openFixture } from './helpers.ts';
import { collect, editorLayout, explainedWait, startProviderForExtension, stopProvider } from './runTestHelpers.ts';

describe('a local run with a JSON answer and a tool call', () => {
  let server: LocalProviderServer | undefined;
  let api: PromptStackApi;

  before(async () => {
    // No run or A/B panel of earlier suites is left to cover or be covered by this suite's.
    await vscode.window.tabGroups.close(
      vscode.window.tabGroups.all.flatMap((group) => group.tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview)),
    );
    await openFixture('weather.prompt');
    api = await activateWithServer();
    // Turn 1 calls getWeather; once its result comes back the model answers JSON.
    server = await startProviderForExtension({
      'gpt-4.1-mini': { toolCalls: [{ name: 'getWeather', arguments: { city: 'Oslo' } }], json: { summary: 'Sunny', temperature: 21 } },
    });
  });
  after(async () => {
    api.team.setUi(undefined);
    await stopProvider(server);
  });

  it('asks for the tool result, carries on, and shows the calls and the parsed answer in the run view', async () => {
    const document = await openFixture('weather.prompt');
    // The input box the user would type the result into (a headless host has nobody to type).
    const asked: vscode.InputBoxOptions[] = [];
    api.team.setUi({
      input: async (options) => {
        asked.push(options);
        return '{"sky": "sunny", "celsius": 21}';
      },
    });
    const posted = collect(api.onDidPostWebviewMessage);
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { city: 'Oslo' });
      assert.equal(run.status, 'success', JSON.stringify(run.error));
      assert.equal(asked.length, 1);
      assert.match(String(asked[0]!.title), /getWeather/);
      assert.match(String(asked[0]!.prompt), /"city":"Oslo"/);
      assert.equal(asked[0]!.validateInput?.('not json'), 'Enter a JSON value (an object, array, string in quotes, number, true, false or null)');

      assert.deepEqual(
        run.toolCalls?.map((c) => [c.name, c.arguments, c.result, c.turn]),
        [['getWeather', { city: 'Oslo' }, { sky: 'sunny', celsius: 21 }, 1]],
      );
      assert.deepEqual(run.outputJson, { summary: 'Sunny', temperature: 21 });
      assert.equal(run.schemaValid, true);
      // The page got the same run to render (tree and tool calls).
      const finished = await explainedWait(
        posted.until(
          (m: PostedWebviewMessage) =>
            m.panel === 'runResults' && m.uri === document.uri.toString() && m.message.type === 'runFinished' && m.message.run.runId === run.runId,
        ),
        `the run panel of ${document.uri.path} to get run ${run.runId}`,
        () => `posted: ${posted.seen.map((m) => `${m.panel} ${m.uri.split('/').pop()} ${m.message.type}`).join(', ')}; editors: ${editorLayout()}`,
      );
      assert.deepEqual((finished.message as { run: RunView }).run.toolCalls, run.toolCalls);
      // The tool result went back to the model on the second request.
      assert.equal(server!.requests.length, 2);
      assert.match(JSON.stringify(server!.requests[1]!.body.messages), /sunny/);
    } finally {
      posted.dispose();
      api.team.setUi(undefined);
    }
  });

  it('ends the run with the reason when the user dismisses the question', async () => {
    const document = await openFixture('weather.prompt');
    api.team.setUi({ input: async () => undefined });
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { city: 'Oslo' });
      assert.equal(run.status, 'error');
      assert.match(run.error?.message ?? '', /no result was given for tool 'getWeather'/);
      assert.equal(run.toolCalls?.[0]?.name, 'getWeather');
    } finally {
      api.team.setUi(undefined);
    }
  });

  it('asks for the result of a tool from a file beside the prompt as a form from its output schema', async () => {
    server!.setScript({ 'gpt-4.1-mini': { toolCalls: [{ name: 'lookupOrder', arguments: { id: 'A1' } }], output: 'It was lost; refunded.' } });
    server!.requests.length = 0;
    const document = await openFixture('order.prompt');
    // The form's questions, answered as the user would: an input box per text or number, a pick per enum or boolean.
    const inputs: vscode.InputBoxOptions[] = [];
    const picks: Array<{ labels: string[]; options: vscode.QuickPickOptions }> = [];
    const typed: Record<string, string> = { days: '9', note: '' };
    api.team.setUi({
      input: async (options) => {
        inputs.push(options);
        const field = /· (\w+):/.exec(String(options.prompt))![1]!;
        return typed[field];
      },
      pick: async (items, options) => {
        picks.push({ labels: items.map((item) => item.label), options });
        return items.find((item) => item.label === (/· status:/.test(String(options.placeHolder)) ? 'lost' : 'true'));
      },
    });
    try {
      const run = await vscode.commands.executeCommand<RunView>('promptstack.runWith', document.uri, { id: 'A1' });
      assert.equal(run.status, 'success', JSON.stringify(run.error));
      // status (enum), days (integer), express (boolean), note (optional string), in the schema's order.
      assert.deepEqual(
        picks.map((p) => p.labels),
        [
          ['shipped', 'lost'],
          ['true', 'false'],
        ],
      );
      assert.equal(inputs.length, 2);
      assert.match(String(inputs[0]!.prompt), /lookupOrder\(\{"id":"A1"\}\) · days: a whole number · days since it was sent/);
      assert.equal(inputs[0]!.validateInput?.('2.5'), "'2.5' is not a whole number");
      assert.equal(inputs[0]!.validateInput?.(''), 'Enter a whole number');
      assert.equal(inputs[0]!.validateInput?.('9'), undefined);
      assert.match(String(inputs[1]!.prompt), /note: string · \(optional/);
      assert.deepEqual(
        run.toolCalls?.map((c) => [c.name, c.result]),
        [['lookupOrder', { status: 'lost', days: 9, express: true }]],
      );
      // The tool from the file was offered, and the form's object went back to the model.
      assert.equal(server!.requests[0]!.body.tools[0].function.name, 'lookupOrder');
      assert.match(JSON.stringify(server!.requests[1]!.body.messages), /\\"days\\":9/);
    } finally {
      api.team.setUi(undefined);
    }
  });
});
