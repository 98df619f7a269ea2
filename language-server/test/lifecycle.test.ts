import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, InitializeRequest, type InitializeResult } from 'vscode-languageserver-protocol/node';
import { estimateRunCost } from '@promptstack/core/runner/estimateRunCost';
import { promptInfoRequest, type PromptInfoResult } from '../src/protocol.ts';
import { BODY, FRONTMATTER } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server.js');

describe('server lifecycle and custom protocol', () => {
  it('answers promptstack/promptInfo with the model, inputs and size of a prompt', async () => {
    const client = await LspClient.start();
    try {
      const uri = client.uri('info.prompt');
      await client.open(uri, `${FRONTMATTER}${BODY}`, 3);
      const info = await client.connection.sendRequest(promptInfoRequest, { uri });
      assert.ok(info);
      assert.equal(info.version, 3);
      assert.deepEqual(info.model, {
        written: 'openai/gpt-4o',
        qualifiedId: 'openai/gpt-4o',
        provider: 'openai',
        displayName: 'GPT-4o',
        contextWindow: 128_000,
        maxOutputTokens: 16_384,
        inputPerMTok: 2.5,
        outputPerMTok: 10,
      });
      assert.deepEqual(
        info.inputs.map((i) => `${i.name}:${i.type}`),
        ['name:string', 'user:object', 'items:array'],
      );
      assert.equal(info.inputs[0]!.default, 'Ada');
      assert.equal(info.estimatedTemplateTokens, Math.ceil(BODY.length / 4));
      assert.deepEqual([info.errors, info.warnings], [0, 0]);
      const unknown = await client.connection.sendRequest(promptInfoRequest, { uri: client.uri('not-open.prompt') });
      assert.equal(unknown as PromptInfoResult | null, null);
    } finally {
      await client.stop();
    }
  });

  it('estimates the cost of a run with the partials beside the file resolved, as a run renders them', async () => {
    const client = await LspClient.start();
    try {
      const signature = '{{role "user"}}\nKind regards,\nThe support team of a company with a long signature\n';
      client.writeFile('_signature.prompt', signature);
      const source =
        '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    customer: string\n  default:\n    customer: Ada\n---\nHi {{customer}}.\n{{> signature}}\n';
      const uri = client.writeFile('reply.prompt', source);
      await client.open(uri, source);
      const info = await client.connection.sendRequest(promptInfoRequest, { uri, input: { customer: 'Grace' } });
      assert.ok(info);
      assert.deepEqual(info.defaultInput, { customer: 'Ada' });
      // The same figures core gives when handed the partial's text directly, so the partial was read.
      const expected = await estimateRunCost(source, { customer: 'Grace' }, 'openai/gpt-4o-mini', { partials: { signature } });
      assert.ok(expected.ok);
      assert.deepEqual(info.cost, { ok: true, ...expected.estimate });
      const withoutPartial = await estimateRunCost(source.replace('{{> signature}}', ''), { customer: 'Grace' }, 'openai/gpt-4o-mini');
      assert.ok(withoutPartial.ok && info.cost.ok && info.cost.inputTokens > withoutPartial.estimate.inputTokens);

      // A document the server does not have open is analysed from the text sent with the request.
      const missing = '---\nmodel: openai/gpt-4o-mini\n---\nHi {{> nowhere}}\n';
      const closed = await client.connection.sendRequest(promptInfoRequest, { uri: client.uri('closed.prompt'), text: missing });
      assert.ok(closed);
      assert.equal(closed.model?.written, 'openai/gpt-4o-mini');
      assert.ok(!closed.cost.ok);
      assert.match(closed.cost.message, /nowhere/);
      // With no model in the frontmatter, the client's default model is priced.
      const bare = await client.connection.sendRequest(promptInfoRequest, { uri: client.uri('bare.prompt'), text: 'Hi', defaultModel: 'openai/gpt-4o' });
      assert.ok(bare?.cost.ok);
      assert.equal(bare.cost.model, 'openai/gpt-4o');
    } finally {
      await client.stop();
    }
  });

  it('runs over node IPC as the VS Code client starts it', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const result = await connection.sendRequest<InitializeResult>(InitializeRequest.method, { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(result.capabilities.textDocumentSync, 2);
    assert.deepEqual(result.capabilities.completionProvider?.triggerCharacters, ['{', '.', ':', ' ', '>', '#', '/']);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await exited;
    connection.dispose();
  });
});
