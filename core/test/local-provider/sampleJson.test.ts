import { strict as assert } from 'node:assert';
import { Ajv } from 'ajv';
import { sampleJson } from '../../src/local-provider/sampleJson.ts';

const ajv = new Ajv({ strict: false });

describe('sampleJson', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'a closed object of scalars',
      {
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'boolean' } },
        required: ['a', 'b', 'c'],
        additionalProperties: false,
      },
    ],
    [
      'nullable and enum fields',
      {
        type: 'object',
        properties: { tone: { type: ['string', 'null'], enum: ['friendly', 'formal', null] }, n: { type: ['number', 'null'] } },
        required: ['tone', 'n'],
      },
    ],
    ['arrays with a minimum size', { type: 'array', items: { type: 'object', properties: { id: { const: 'x' } } }, minItems: 2 }],
    [
      'anyOf and local $ref',
      {
        type: 'object',
        properties: { item: { $ref: '#/$defs/Item' }, either: { anyOf: [{ type: 'number', minimum: 3 }, { type: 'string' }] } },
        required: ['item', 'either'],
        $defs: { Item: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
      },
    ],
  ];
  for (const [name, schema] of cases) {
    it(`builds a value the schema accepts: ${name}`, () => {
      const value = sampleJson(schema);
      assert.equal(ajv.validate(schema, value), true, `${JSON.stringify(value)}: ${ajv.errorsText()}`);
    });
  }
});
