import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, InitializeRequest, type InitializeResult } from 'vscode-languageserver-protocol/node';
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
