import assert from 'node:assert/strict';
import { renderPrompt } from '@promptstack/core';
import { resolvePartials } from '../src/test/resolvePartials.ts';

describe('the partials of a prompt, read once', () => {
  const files: Record<string, string> = {
    signature: 'Regards, {{> team}}',
    team: 'the {{team}} team',
    'legal/footer': 'No warranty.',
    block: 'never read',
  };
  const lookups: string[] = [];
  const resolver = async (name: string) => {
    lookups.push(name);
    return files[name] ?? null;
  };
  beforeEach(() => (lookups.length = 0));

  it('lists every partial the template uses, transitively, one lookup per name, and renders as the resolver does (block partials fall back)', async () => {
    const source = '---\ninput:\n  schema:\n    team: string\n---\nHi.\n{{> signature}}\n{{> legal/footer}}\n{{#> block}}fallback{{/block}}\n{{> signature}}';
    const options = await resolvePartials(source, resolver);
    assert.deepEqual(options, { partials: { signature: files.signature, team: files.team, 'legal/footer': files['legal/footer'] } });
    assert.deepEqual(lookups.sort(), ['legal/footer', 'signature', 'team']);
    const withData = await renderPrompt(source, { team: 'support' }, options as { partials: Record<string, string> });
    const withResolver = await renderPrompt(source, { team: 'support' }, { partialResolver: resolver });
    assert.deepEqual(withData.messages, withResolver.messages);
    assert.match(JSON.stringify(withData.messages), /Regards, the support teamNo warranty\.fallback/);
  });

  it('leaves a missing partial out (core reports it at render) and keeps the resolver for a dynamic partial', async () => {
    assert.deepEqual(await resolvePartials('{{> nowhere}}', resolver), { partials: {} });
    const dynamic = await resolvePartials('{{> (whichPartial)}}', resolver);
    assert.equal('partialResolver' in dynamic && dynamic.partialResolver, resolver);
  });
});
