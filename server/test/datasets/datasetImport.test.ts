import assert from 'node:assert/strict';
import { parseCsvItems, parseJsonlItems } from '../../src/features/datasets/datasetImport.ts';

describe('dataset import parsing', () => {
  it('maps CSV columns to input fields and assert:<type> / assertions columns to assertions', () => {
    const csv = [
      'name,topic,assert:contains,assert:max-latency,assertions,expected',
      'Ada,math,Ada,5000,"[{""type"":""regex"",""value"":""^Echo""}]",hi',
      'Bo,art,,,,',
    ].join('\n');
    const result = parseCsvItems(csv);
    assert.ok(result.ok);
    assert.deepEqual(result.items, [
      {
        input: { name: 'Ada', topic: 'math' },
        expected: 'hi',
        assertions: [
          { type: 'contains', value: 'Ada' },
          { type: 'max-latency', ms: 5000 },
          { type: 'regex', value: '^Echo' },
        ],
      },
      { input: { name: 'Bo', topic: 'art' } },
    ]);
  });

  const csvErrors: Array<[string, string, RegExp]> = [
    ['a non-numeric latency', 'name,assert:max-latency\nAda,fast', /^Line 2: column 'assert:max-latency': expected a number, got 'fast'$/],
    ['an unknown assertion type', 'name,assert:sounds-nice\nAda,yes', /^Line 2: column 'assert:sounds-nice': unknown assertion type 'sounds-nice'$/],
    ['a bad assertions JSON', 'name,assertions\nAda,[]\nBo,ok', /^Line 3: column 'assertions': assertions is not valid JSON$/],
    ['an assertion of no known type', 'name,assertions\nAda,"[{""type"":""nope""}]"', /^Line 2: column 'assertions': assertions\[0\]\.type: /],
    ['a ragged row', 'name,topic\nAda,math\nBo,art,extra', /^Line 3: .*columns length is 2, got 3/],
    ['an unclosed quote', 'name\n"Ada', /^Line 2: .*Quote Not Closed/],
  ];
  for (const [what, csv, message] of csvErrors) {
    it(`reports ${what} in CSV with its line`, () => {
      const result = parseCsvItems(csv);
      assert.ok(!result.ok);
      assert.match(result.errors[0]!, message);
    });
  }

  it('reads JSONL in both forms and skips blank lines', () => {
    const jsonl = '{"input":{"name":"Ada"},"assertions":[{"type":"contains","value":"Ada"}]}\n\n{"name":"Bo","count":2}\n';
    const result = parseJsonlItems(jsonl);
    assert.ok(result.ok);
    assert.deepEqual(result.items, [{ input: { name: 'Ada' }, assertions: [{ type: 'contains', value: 'Ada' }] }, { input: { name: 'Bo', count: 2 } }]);
  });

  it('reports every bad JSONL line with its number', () => {
    const result = parseJsonlItems('{"name":"Ada"}\n{oops\n[1,2]\n{"input":{},"assertions":[{"type":"max-cost","usd":-1}]}');
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 3);
    assert.match(result.errors[0]!, /^Line 2: not valid JSON/);
    assert.equal(result.errors[1], 'Line 3: expected a JSON object');
    assert.match(result.errors[2]!, /^Line 4: assertions\[0\]\.usd: /);
  });
});
