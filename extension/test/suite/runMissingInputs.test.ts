/**
 * The first Run of a prompt with a required input: instead of failing with "Missing input
 * variable", Run opens the field-by-field form prefilled from `input.default` and the first test
 * case, then runs (locally, against core's local provider) with what the form answered.
 */
import type { LocalProviderServer } from '@promptstack/core/local-provider/server';
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import * as vscodeApi from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { RunView } from '../../src/webviews/protocol.ts';
import { activateWithServer } from './helpers.ts';
import { startProviderForExtension, stopProvider } from './runTestHelpers.ts';
import { openTempPrompt } from './syncSupport.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
input:
  schema:
    customer: string, who writes
    tone?: string
    signoff: string
  default:
    tone: friendly
---
Reply to {{customer}} in a {{tone}} tone, signing {{signoff}}.
`;

const TESTS = `tests:
  - name: first
    input: { customer: Zed }
  - name: second
    input: { customer: Yan }
`;

describe('running a prompt whose required inputs are missing opens the input form', function () {
  this.timeout(60_000);
  let server: LocalProviderServer | undefined;
  let api: PromptStackApi;

  before(async () => {
    api = await activateWithServer();
    server = await startProviderForExtension();
  });
  after(async () => {
    api?.team.setUi(undefined);
    await stopProvider(server);
  });

  it('asks field by field, prefilled from input.default and the first test case, and runs with the answers', async () => {
    const document: vscode.TextDocument = await openTempPrompt('reply.prompt', PROMPT, (folder) => writeFileSync(join(folder, 'reply.tests.yaml'), TESTS));
    const boxes: vscodeApi.InputBoxOptions[] = [];
    api.team.setUi({
      input: async (options) => {
        boxes.push(options);
        // signoff has no default and no test value: the user types it; the rest is accepted as prefilled.
        return options.title?.endsWith('signoff') ? 'Sam' : (options.value ?? '');
      },
    });
    const run = await vscodeApi.commands.executeCommand<RunView>('promptstack.run', document.uri);
    assert.ok(run, 'the run happened after the form');
    assert.deepEqual(
      boxes.map((b) => [b.title, b.value]),
      [
        ['Run with... customer', 'Zed'],
        ['Run with... tone', 'friendly'],
        ['Run with... signoff', ''],
      ],
    );
    assert.equal(run.status, 'success', JSON.stringify(run.error));
    assert.deepEqual(run.input, { customer: 'Zed', tone: 'friendly', signoff: 'Sam' });
    assert.match(run.messages[0]!.text, /Reply to Zed in a friendly tone, signing Sam\./);

    boxes.length = 0;
    const again = await vscodeApi.commands.executeCommand<RunView>('promptstack.run', document.uri);
    assert.deepEqual(boxes, [], 'the answers are remembered: the next Run asks nothing');
    assert.deepEqual(again.input, { customer: 'Zed', tone: 'friendly', signoff: 'Sam' });
  });
});
