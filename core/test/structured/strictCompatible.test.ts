import { strict as assert } from 'node:assert';
import { picoschema } from 'dotprompt';
import { strictCompatible } from '../../src/structured/strictCompatible.ts';

describe('strictCompatible', () => {
  it('accepts a closed object with every property required (nullable for optional)', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        tags: { type: ['array', 'null'], items: { type: 'string', enum: ['a', 'b'] } },
        address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
      },
      required: ['name', 'tags', 'address'],
      additionalProperties: false,
    };
    assert.deepEqual(strictCompatible(schema), []);
  });

  it('names each reason with its path', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        nested: { type: 'object', properties: { x: { type: 'number' } } },
        either: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['name', 'nested'],
      additionalProperties: false,
    };
    assert.deepEqual(strictCompatible(schema), [
      { path: '/properties/either', message: "property 'either' must be required (make it nullable instead)" },
      { path: '/properties/name', message: "keyword 'minLength' is not supported in strict mode" },
      { path: '/properties/nested', message: 'objects need additionalProperties: false' },
      { path: '/properties/nested/properties/x', message: "property 'x' must be required (make it nullable instead)" },
      { path: '/properties/either', message: "keyword 'oneOf' is not supported in strict mode" },
    ]);
  });

  it('refuses a root that is not an object', () => {
    assert.deepEqual(strictCompatible({ type: 'array', items: { type: 'string' } }), [{ path: '(root)', message: 'the root must be a schema of type object' }]);
  });

  it('takes a Picoschema with only required fields, as dotprompt renders it, and refuses one with an optional field', async () => {
    assert.deepEqual(strictCompatible(await picoschema({ title: 'string', count: 'integer' })), []);
    const reasons = strictCompatible(await picoschema({ title: 'string', 'note?': 'string' }));
    assert.deepEqual(reasons, [{ path: '/properties/note', message: "property 'note' must be required (make it nullable instead)" }]);
  });
});
