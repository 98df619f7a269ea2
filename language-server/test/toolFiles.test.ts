import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { parseToolFile } from '@promptstack/core/render/toolFiles';
import { rangeOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

/** Names four tools: one with a file beside the prompt, one in tools/, one defined inline, one nowhere. */
const ORDER = `---
model: openai/gpt-4o-mini
tools: [lookupOrder, refundOrder, "cancelOrder", trackParcel]
toolDefs:
  - name: cancelOrder
    description: Cancels an order
    inputSchema: { id: string }
---
Where is order {{id}}?`;

describe('tools: entries and tool files', () => {
  let client: LspClient;
  let counter = 0;
  before(async () => {
    client = await LspClient.start();
    client.writeFile('lookupOrder.tool.yaml', 'description: Finds an order\ninputSchema: { id: string }\n');
    mkdirSync(join(client.folder, 'tools'));
    client.writeFile('tools/refundOrder.tool.json', '{ "description": "Refunds", "inputSchema": { "id": "string" } }');
  });
  after(() => client.stop());

  async function diagnose(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = client.uri(`tools-${counter++}.prompt`);
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, text);
    return { uri, diagnostics: (await published).diagnostics };
  }

  it('warns on exactly the entry naming a tool with neither a definition nor a file', async () => {
    const { diagnostics } = await diagnose(ORDER);
    const missing = diagnostics.filter((d) => d.code === 'missing-tool');
    assert.equal(missing.length, 1, JSON.stringify(diagnostics));
    assert.equal(missing[0]!.severity, 2);
    assert.equal(missing[0]!.source, 'promptstack');
    assert.deepEqual(missing[0]!.range, rangeOf(ORDER, 'trackParcel'));
    assert.match(
      String(missing[0]!.message),
      /No definition for tool 'trackParcel': add trackParcel\.tool\.yaml beside this prompt \(or in tools\/\), or define it in toolDefs/,
    );
  });

  it('offers a quick fix creating name.tool.yaml beside the prompt from a template core reads as a definition', async () => {
    const { uri, diagnostics } = await diagnose(ORDER);
    const diagnostic = diagnostics.find((d) => d.code === 'missing-tool')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Create trackParcel.tool.yaml'],
    );
    const [create, insert] = actions[0]!.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    const fileUri = client.uri('trackParcel.tool.yaml');
    assert.deepEqual(create, { kind: 'create', uri: fileUri, options: { ignoreIfExists: true } });
    assert.equal(insert.textDocument.uri, fileUri);
    const template = (insert.edits[0] as { newText: string }).newText;
    const parsed = parseToolFile('trackParcel', 'trackParcel.tool.yaml', template);
    assert.equal(typeof parsed, 'object', `the template is not a definition: ${String(parsed)}`);
    assert.match(template, /^description: /m);
  });

  it('drops the warning once the tool file exists and the client reports it', async () => {
    const text = ORDER.replace('trackParcel', 'shipOrder');
    const { uri, diagnostics } = await diagnose(text);
    assert.equal(diagnostics.filter((d) => d.code === 'missing-tool').length, 1);
    writeFileSync(join(client.folder, 'shipOrder.tool.yaml'), 'description: Ships\ninputSchema: { id: string }\n');
    const republished = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('shipOrder.tool.yaml'), type: 1 }] });
    assert.deepEqual((await republished).diagnostics, []);
  });

  it('does not check tools of an unsaved document (nothing beside it to look in)', async () => {
    const uri = 'untitled:Untitled-1';
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, ORDER);
    assert.deepEqual(
      (await published).diagnostics.filter((d) => d.code === 'missing-tool'),
      [],
    );
  });
});
