import { strict as assert } from 'node:assert';
import { compileJsonSchema, violationsLine, violationsOf } from '../../src/structured/jsonSchemaValidator.ts';

describe('compileJsonSchema', () => {
  const schema = () => ({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });

  it('compiles a schema text once: a freshly parsed copy (each run parses its own) gets the same validator', () => {
    const first = compileJsonSchema(schema());
    const again = compileJsonSchema(schema());
    assert.ok(!(first instanceof Error));
    assert.equal(again, first);
    assert.equal(first({ n: 1 }), true);
    assert.equal(first({ n: 'one' }), false);
    assert.equal(violationsLine(violationsOf(first.errors)), '/n: must be number');
  });

  it('answers an invalid schema with the reason, every time', () => {
    const broken = { type: 'object', properties: { n: { type: 'nummber' } } };
    const first = compileJsonSchema(broken);
    const again = compileJsonSchema(structuredClone(broken));
    assert.ok(first instanceof Error);
    assert.equal(first.message, 'properties.n.type must be one of "array", "boolean", "integer", "null", "number", "object", "string"');
    assert.equal(again, first);
  });

  it('compiles two schemas with the same $id each on its own, again and again', () => {
    for (let round = 0; round < 3; round++) {
      const numbers = compileJsonSchema({ $id: 'Answer', ...schema() });
      const words = compileJsonSchema({ $id: 'Answer', type: 'object', properties: { n: { type: 'string' } }, required: ['n'] });
      assert.ok(!(numbers instanceof Error) && !(words instanceof Error), String(numbers instanceof Error ? numbers : words));
      assert.deepEqual([numbers({ n: 1 }), words({ n: 1 }), words({ n: 'one' })], [true, false, true]);
    }
  });
});
