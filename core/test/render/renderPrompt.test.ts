import { strict as assert } from 'node:assert';
import { PromptRenderError, renderPrompt, renderPromptMetadata } from '../../src/render/renderPrompt.ts';

const source = `---
model: openai/gpt-4o
config: { temperature: 0.5 }
input:
  schema:
    name: string
---
{{role "system"}}{{> preamble}}
{{role "user"}}Hi {{name}}`;

describe('renderPrompt', () => {
  it('renders roles and partials given by name', async () => {
    const result = await renderPrompt(source, { name: 'Ada' }, { partials: { preamble: 'Be kind.' } });
    assert.deepEqual(result.messages, [
      { role: 'system', content: [{ text: 'Be kind.\n' }] },
      { role: 'user', content: [{ text: 'Hi Ada' }] },
    ]);
    assert.equal(result.model, 'openai/gpt-4o');
  });

  it('asks the partial resolver for partials it was not given', async () => {
    const asked: string[] = [];
    const result = await renderPrompt(source, { name: 'Ada' }, { partialResolver: (name) => (asked.push(name), 'Resolved.') });
    assert.deepEqual(asked, ['preamble']);
    assert.equal(result.messages[0]!.content[0]!.text, 'Resolved.\n');
  });

  it('applies override metadata over the frontmatter', async () => {
    const result = await renderPrompt(
      source,
      { name: 'Ada' },
      { partials: { preamble: '' }, metadata: { model: 'anthropic/claude-3-haiku', config: { topK: 3 } } },
    );
    assert.equal(result.model, 'anthropic/claude-3-haiku');
    assert.deepEqual(result.config, { temperature: 0.5, topK: 3 });
  });

  it('returns metadata a caller may change without affecting later renders', async () => {
    const first = await renderPromptMetadata(source, { partials: { preamble: 'x' } });
    (first.config as Record<string, unknown>).temperature = 2;
    const second = await renderPromptMetadata(source, { partials: { preamble: 'x' } });
    assert.equal((second.config as Record<string, unknown>).temperature, 0.5);
    assert.deepEqual(second.input?.schema, { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false });
  });

  it('keeps partials of one render out of another (dotprompt shares one Handlebars otherwise)', async () => {
    await renderPrompt('{{> secret}}', {}, { partials: { secret: 'workspace A only' } });
    await assert.rejects(renderPrompt('Other prompt: {{> secret}}', {}), /partial secret could not be found/);
  });

  it('rejects a broken template with a PromptRenderError', async () => {
    await assert.rejects(
      renderPrompt('{{#if x}}unclosed', {}),
      (error: unknown) => error instanceof PromptRenderError && /Cannot render prompt/.test(error.message),
    );
  });
});
