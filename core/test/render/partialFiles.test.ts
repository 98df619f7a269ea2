import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectPartialsBeside, listPartialNames, partialExistsBeside, partialResolverBeside } from '../../src/render/partialFiles.ts';
import { renderPrompt } from '../../src/render/renderPrompt.ts';

describe('partial files beside a prompt', () => {
  let folder: string;
  let prompt: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'promptstack-partials-'));
    prompt = path.join(folder, 'reply.prompt');
    writeFileSync(path.join(folder, '_signature.prompt'), 'Kind regards');
    mkdirSync(path.join(folder, 'shared'));
    writeFileSync(path.join(folder, 'shared', '_footer.prompt'), 'See you');
    // A file without the underscore is a prompt, never a partial.
    writeFileSync(path.join(folder, 'greeting.prompt'), 'Hello');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('renders {{> name}} from _name.prompt and {{> dir/name}} from dir/_name.prompt', async () => {
    const rendered = await renderPrompt('Hi. {{> signature}}, {{> shared/footer}}', {}, { partialResolver: partialResolverBeside(prompt) });
    assert.deepEqual(rendered.messages, [{ role: 'user', content: [{ text: 'Hi. Kind regards, See you' }] }]);
  });

  it('resolves a name with no underscore file to null, so the render reports the missing partial', async () => {
    const resolve = partialResolverBeside(prompt);
    assert.equal(await resolve('greeting'), null);
    await assert.rejects(renderPrompt('{{> greeting}}', {}, { partialResolver: resolve }), /greeting/);
    assert.equal(partialExistsBeside(prompt, 'greeting'), false);
    assert.equal(partialExistsBeside(prompt, 'shared/footer'), true);
    assert.deepEqual(listPartialNames(prompt), ['signature']);
  });

  it('collects the partials a prompt includes, through other partials, without inline ones, and names the missing', () => {
    writeFileSync(path.join(folder, '_closing.prompt'), '{{> signature}} and {{> shared/footer}}');
    const source = '{{#*inline "local"}}x{{/inline}}Hi {{> closing}} {{> local}} {{> nowhere}} {{> signature}}';
    const collected = collectPartialsBeside(prompt, source);
    assert.deepEqual(collected.partials, { closing: '{{> signature}} and {{> shared/footer}}', signature: 'Kind regards', 'shared/footer': 'See you' });
    assert.deepEqual(collected.missing, ['nowhere']);
  });
});
