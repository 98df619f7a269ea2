import { strict as assert } from 'node:assert';
import { toolOutputSchemas } from '../../src/runner/toolOutputSchemas.ts';

describe('tool output schemas', () => {
  it('converts the output schemas of toolDefs and of resolved tools to JSON Schema, by name, leaving out tools without one', async () => {
    const source = [
      '---',
      'model: openai/gpt-4o-mini',
      'tools: [lookupOrder]',
      'toolDefs:',
      '  - name: getWeather',
      '    description: Weather',
      '    inputSchema: { city: string }',
      '    outputSchema: { sky(enum): [sun, rain], celsius: number }',
      '  - name: ping',
      '    description: No output schema',
      '    inputSchema: {}',
      '---',
      'Hi',
    ].join('\n');
    const schemas = await toolOutputSchemas(source, [{ name: 'lookupOrder', description: 'Order', inputSchema: {}, outputSchema: { 'note?': 'string' } }]);
    // Compared as JSON: Picoschema leaves `required: undefined` on an object with no required property.
    assert.deepEqual(JSON.parse(JSON.stringify(schemas)), {
      lookupOrder: { type: 'object', properties: { note: { type: ['string', 'null'] } }, additionalProperties: false },
      getWeather: {
        type: 'object',
        properties: { sky: { enum: ['sun', 'rain'] }, celsius: { type: 'number' } },
        required: ['sky', 'celsius'],
        additionalProperties: false,
      },
    });
  });

  it('has nothing for a prompt that does not parse', async () => {
    assert.deepEqual(await toolOutputSchemas('---\n: [\n---\nHi'), {});
  });
});
