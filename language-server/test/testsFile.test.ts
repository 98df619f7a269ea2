import assert from 'node:assert/strict';
import { rangeOf } from './support/fixtures.ts';
import { LspClient } from './support/lspClient.ts';

const PROMPT = `---
model: openai/gpt-4o
output:
  format: json
  schema:
    title: string
    rating: integer
    tags(array): string
---
Review {{product}}.
`;

const TESTS = `tests:
  - name: good review
    input: { product: kettle }
    assert:
      - type: json-schema
        schema:
          type: object
          required: [title, summary]
          properties:
            rating: { type: string }
            tags: { type: array, items: { type: string } }
      - type: json-schema
        schema: { type: array }
      - type: json-schema
        schema:
          type: object
          required: [title]
          properties:
            rating: { type: number, minimum: 1 }
`;

describe('tests file assertions against output.schema', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  it('warns on a required property the schema does not declare and on a type it contradicts, at the root or a property', async () => {
    client.writeFile('review.prompt', PROMPT);
    const uri = client.uri('review.tests.yaml');
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, TESTS);
    const diagnostics = (await published).diagnostics;
    assert.ok(diagnostics.every((d) => d.severity === 2 && d.code === 'test-schema-contradiction' && d.source === 'promptstack'));
    assert.deepEqual(
      diagnostics.map((d) => d.range),
      [rangeOf(TESTS, 'summary'), rangeOf(TESTS, 'string', 0), rangeOf(TESTS, 'array', 1)],
    );
    assert.match(String(String(diagnostics[0]!.message)), /requires 'summary', which output.schema does not declare/);
    assert.match(String(String(diagnostics[1]!.message)), /makes 'rating' integer, but this assertion requires string/);
    assert.match(String(String(diagnostics[2]!.message)), /makes the answer object, but this assertion requires array/);
  });

  it('follows the prompt open in the editor, and the prompt named by the file', async () => {
    const promptUri = client.uri('other.prompt');
    await client.open(promptUri, PROMPT.replace('    rating: integer\n', '    rating: integer\n    summary: string\n'));
    const uri = client.uri('named.tests.yaml');
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, `prompt: other.prompt\n${TESTS}`);
    const diagnostics = (await published).diagnostics;
    // `summary` is declared in the open (unsaved) prompt, so only the two type contradictions remain.
    assert.equal(diagnostics.length, 2);
    assert.ok(diagnostics.every((d) => !String(d.message).includes('summary')));
  });

  it('marks what stops a tests file from running, at its place, with or without its prompt', async () => {
    const broken = 'tests:\n  - name: one\n    assert:\n      - type: contians\n        value: kettle\n  - input: { product: mug }\n';
    const uri = client.uri('orphan.tests.yaml');
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, broken);
    const diagnostics = (await published).diagnostics;
    assert.ok(diagnostics.every((d) => d.severity === 1 && d.code === 'tests-file-invalid' && d.source === 'promptstack'));
    assert.deepEqual(
      diagnostics.map((d) => [d.range, d.message]),
      [
        [
          rangeOf(broken, 'contians'),
          "tests.0.assert.0.type: unknown type 'contians': did you mean 'contains'? (one of contains, not-contains, regex, json-schema, max-latency, max-cost, equals, tool-called, llm-judge)",
        ],
        // A missing field is marked on the test that lacks it.
        [{ start: { line: 5, character: 4 }, end: { line: 6, character: 0 } }, 'tests.1.name: Invalid input: expected string, received undefined'],
      ],
    );
  });

  it('says nothing when the prompt has no output schema', async () => {
    client.writeFile('plain.prompt', '---\nmodel: openai/gpt-4o\n---\nHi');
    const uri = client.uri('plain.tests.yaml');
    const published = client.diagnosticsFor(uri, 1);
    await client.open(uri, TESTS);
    assert.deepEqual((await published).diagnostics, []);
  });
});
