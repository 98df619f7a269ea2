import assert from 'node:assert/strict';
import { buildPromptSource, contentHash, isWholeSource, preparePromptSource, splitPromptSource } from '../../src/features/prompts/promptSource.ts';

/** Unwraps a successful result, failing the test with the message otherwise. */
function ok<T>(result: { ok: true; source: T } | { ok: false; message: string }): T {
  if (!result.ok) assert.fail(result.message);
  return result.source;
}

const CRLF_FILE = [
  '---',
  'model: openai/gpt-4o # the default',
  'config:',
  '  temperature: 0.3',
  'input:',
  '  schema:',
  '    name?: string, who to greet',
  '    items(array): string',
  '---',
  'Hello {{name}}',
].join('\r\n');

describe('prompt source', () => {
  it('builds a .prompt file from the seed fields with model and temperature in the frontmatter', () => {
    const source = ok(buildPromptSource({ content: 'Summarize {{text}}', model: 'openai/gpt-4o', temperature: 0.7 }));
    assert.equal(source, '---\nmodel: openai/gpt-4o\nconfig:\n  temperature: 0.7\n---\nSummarize {{text}}');
  });

  it('stores a bare template with no model as the template alone', () => {
    assert.equal(ok(buildPromptSource({ content: 'Just {{x}}' })), 'Just {{x}}');
  });

  it('keeps a whole file byte for byte, CRLF and comments included, when the fields restate it', () => {
    assert.equal(ok(buildPromptSource({ content: CRLF_FILE, model: 'openai/gpt-4o', temperature: 0.3 })), CRLF_FILE);
  });

  it('replaces only the body when an update sends a bare template', () => {
    const next = ok(buildPromptSource({ content: 'Bye {{name}}' }, CRLF_FILE));
    assert.equal(next, CRLF_FILE.replace('Hello {{name}}', 'Bye {{name}}'));
  });

  it('rewrites the model in place, keeping the other keys and the comment', () => {
    const next = ok(buildPromptSource({ model: 'anthropic/claude-sonnet-4' }, CRLF_FILE));
    assert.match(next, /^---\r\nmodel: anthropic\/claude-sonnet-4 # the default\r\n/);
    assert.ok(next.endsWith('---\r\nHello {{name}}'));
  });

  it('refuses an edit with no content and no earlier source', () => {
    assert.deepEqual(buildPromptSource({ model: 'x' }), { ok: false, message: 'content is required' });
  });

  it('splits frontmatter and body without changing either', () => {
    const { frontmatter, body } = splitPromptSource(CRLF_FILE);
    assert.equal(`---\r\n${frontmatter}---\r\n${body}`, CRLF_FILE);
    assert.equal(isWholeSource('---\n---\n'), true);
    assert.equal(isWholeSource('--- not a fence\nbody'), false);
  });

  it('hashes the exact bytes: one changed character changes the hash', () => {
    assert.equal(contentHash('a'), 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    assert.notEqual(contentHash(CRLF_FILE), contentHash(CRLF_FILE.replace(/\r\n/g, '\n')));
  });

  it('parses model, config and declared variables (Picoschema decorations removed)', () => {
    const prepared = preparePromptSource(CRLF_FILE);
    assert.ok(prepared.ok);
    assert.equal(prepared.value.model, 'openai/gpt-4o');
    assert.deepEqual(prepared.value.config, { temperature: 0.3 });
    assert.deepEqual(prepared.value.variables, ['name', 'items']);
    assert.equal(prepared.value.source, CRLF_FILE);
  });

  it('falls back to the referenced names when no input schema is declared', () => {
    const prepared = preparePromptSource('{{#if urgent}}Now: {{json task}}{{/if}} {{role "user"}}{{text}} {{#each users}}{{name}}{{/each}}');
    assert.ok(prepared.ok);
    assert.deepEqual(prepared.value.variables, ['urgent', 'task', 'text', 'users']);
  });

  it('reports broken frontmatter YAML as a message with its line, not a throw', () => {
    const prepared = preparePromptSource('---\nmodel: x\nconfig: [\n---\nbody');
    assert.equal(prepared.ok, false);
    assert.match(!prepared.ok ? prepared.message : '', /not valid YAML \(line \d+\)/);
  });
});
