import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { resolveToolFiles, resolveToolFilesFor, toolFileCandidates, toolNamesOf } from '../../src/render/toolFiles.ts';
import { prepareRun } from '../../src/runner/prepareRun.ts';

const folder = path.join(path.sep, 'prompts');
const prompt = path.join(folder, 'support.prompt');

/** An in-memory folder: the resolver only reads through the function it is given. */
function files(entries: Record<string, string>) {
  const read: string[] = [];
  const readFile = (file: string) => {
    read.push(file);
    return entries[file] ?? null;
  };
  return { readFile, read };
}

describe('tool files beside a prompt', () => {
  it('looks beside the prompt first, then in tools/, yaml before json', () => {
    assert.deepEqual(toolFileCandidates(prompt, 'lookupOrder'), [
      path.join(folder, 'lookupOrder.tool.yaml'),
      path.join(folder, 'lookupOrder.tool.yml'),
      path.join(folder, 'lookupOrder.tool.json'),
      path.join(folder, 'tools', 'lookupOrder.tool.yaml'),
      path.join(folder, 'tools', 'lookupOrder.tool.yml'),
      path.join(folder, 'tools', 'lookupOrder.tool.json'),
    ]);
  });

  it('resolves a YAML file beside the prompt and a JSON file in tools/, and names the missing', () => {
    const { readFile } = files({
      [path.join(folder, 'lookupOrder.tool.yaml')]: 'description: Finds an order\ninputSchema:\n  id: string\noutputSchema:\n  status: string\n',
      [path.join(folder, 'tools', 'refund.tool.json')]: JSON.stringify({
        name: 'refund',
        description: 'Refunds',
        inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      }),
    });
    const resolved = resolveToolFiles(prompt, ['lookupOrder', 'refund', 'nowhere', '../escape'], readFile);
    assert.deepEqual(resolved.tools, [
      { name: 'lookupOrder', description: 'Finds an order', inputSchema: { id: 'string' }, outputSchema: { status: 'string' } },
      { name: 'refund', description: 'Refunds', inputSchema: { type: 'object', properties: { id: { type: 'string' } } } },
    ]);
    assert.deepEqual(resolved.missing, ['nowhere', '../escape']);
    assert.deepEqual(resolved.problems, []);
  });

  it('reports a file that is not a definition, or names another tool', () => {
    const { readFile } = files({
      [path.join(folder, 'broken.tool.yaml')]: 'inputSchema: [',
      [path.join(folder, 'partial.tool.yaml')]: 'inputSchema: {}\n',
      [path.join(folder, 'other.tool.json')]: JSON.stringify({ name: 'different', description: 'x', inputSchema: {} }),
    });
    const resolved = resolveToolFiles(prompt, ['broken', 'partial', 'other'], readFile);
    assert.deepEqual(resolved.tools, []);
    assert.deepEqual(
      resolved.problems.map((p) => p.name),
      ['broken', 'partial', 'other'],
    );
    assert.match(resolved.problems[0]!.message, /broken\.tool\.yaml: not valid YAML/);
    assert.match(resolved.problems[1]!.message, /description: /);
    assert.match(resolved.problems[2]!.message, /declares name 'different'/);
  });

  it('reports a JSON Schema input or output schema its meta-schema refuses, with where and why', () => {
    const { readFile } = files({
      [path.join(folder, 'lookup.tool.yaml')]: 'description: Finds\ninputSchema:\n  type: object\n  properties:\n    id: { type: strng }\n',
      [path.join(folder, 'refund.tool.json')]: JSON.stringify({
        description: 'Refunds',
        inputSchema: { id: 'string' },
        outputSchema: { type: 'object', required: 'ok' },
      }),
    });
    const resolved = resolveToolFiles(prompt, ['lookup', 'refund'], readFile);
    assert.deepEqual(resolved.tools, []);
    assert.deepEqual(
      resolved.problems.map((p) => p.message),
      [
        'lookup.tool.yaml: inputSchema is not valid JSON Schema: properties.id.type must be one of "array", "boolean", "integer", "null", "number", "object", "string"',
        'refund.tool.json: outputSchema is not valid JSON Schema: required must be array',
      ],
    );
  });

  it('reads the names from the frontmatter, and the runner offers the resolved tools as JSON Schema', async () => {
    const source = '---\nmodel: openai/gpt-4o-mini\ntools: [lookupOrder]\n---\nWhere is order {{id}}?';
    assert.deepEqual(toolNamesOf(source), ['lookupOrder']);
    const { readFile } = files({
      [path.join(folder, 'tools', 'lookupOrder.tool.yml')]: 'description: Finds an order\ninputSchema:\n  id: string, the order id\n',
    });
    const { tools } = resolveToolFilesFor(prompt, source, readFile);
    const prepared = await prepareRun({ source, input: { id: 'A1' }, tools });
    assert.ok(prepared.ok);
    assert.deepEqual(prepared.run.tools, [
      {
        name: 'lookupOrder',
        description: 'Finds an order',
        inputSchema: { type: 'object', properties: { id: { type: 'string', description: 'the order id' } }, required: ['id'], additionalProperties: false },
      },
    ]);
    const unresolved = await prepareRun({ source, input: { id: 'A1' } });
    assert.ok(!unresolved.ok);
    assert.match(unresolved.failure.message, /No definition for tool 'lookupOrder'/);
  });
});
