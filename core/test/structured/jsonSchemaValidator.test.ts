import { strict as assert } from 'node:assert';
import { compileJsonSchema, jsonSchemaProblems, violationsLine, violationsOf } from '../../src/structured/jsonSchemaValidator.ts';

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

  it('reads a schema in the dialect its $schema names: 2020-12, 2019-09, draft-07 however its URI is written', () => {
    const tuple = compileJsonSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
      items: false,
    });
    assert.ok(!(tuple instanceof Error), String(tuple));
    assert.deepEqual([tuple(['a', 1]), tuple([1, 'a']), tuple(['a', 1, 2])], [true, false, false]);
    const later = compileJsonSchema({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', dependentRequired: { a: ['b'] } });
    assert.ok(!(later instanceof Error), String(later));
    assert.deepEqual([later({ a: 1, b: 2 }), later({ a: 1 })], [true, false]);
    for (const uri of ['http://json-schema.org/draft-07/schema#', 'https://json-schema.org/draft-07/schema']) {
      const draft7 = compileJsonSchema({ $schema: uri, type: 'string' });
      assert.ok(!(draft7 instanceof Error), `${uri}: ${String(draft7)}`);
      assert.equal(draft7('x'), true);
    }
    assert.deepEqual(jsonSchemaProblems({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', prefixItems: 'no' }), [
      { path: ['prefixItems'], message: 'must be array' },
    ]);
  });

  it('says which dialects there are when $schema names another, and never throws', () => {
    const old = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' };
    const compiled = compileJsonSchema(old);
    assert.ok(compiled instanceof Error);
    assert.equal(
      compiled.message,
      '$schema names no dialect this checks ("http://json-schema.org/draft-04/schema#"; one of draft-07, 2019-09, 2020-12, or none for draft-07)',
    );
    assert.deepEqual(
      jsonSchemaProblems(old).map((p) => p.path),
      [['$schema']],
    );
  });

  it('answers a schema that contains itself with the reason instead of throwing', () => {
    const schema: Record<string, unknown> = { type: 'object', properties: {} };
    (schema.properties as Record<string, unknown>).self = schema;
    const compiled = compileJsonSchema(schema);
    assert.ok(compiled instanceof Error);
    assert.match(compiled.message, /^contains itself/);
  });
});
