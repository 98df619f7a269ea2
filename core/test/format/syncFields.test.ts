/** The `promptstack.id` link line: read, written in place, and ignored when comparing versions. */
import * as assert from 'node:assert/strict';
import { linkChange, readLinkedId, sameContent, withLinkedId, withoutSyncFields } from '@promptstack/core/format/syncFields';

const ID = '0b7c6a4e-1f2d-4c3b-9a8e-7d6c5b4a3f21';

describe('sync: the promptstack.id frontmatter field', () => {
  const cases: { name: string; before: string; after: string }[] = [
    {
      name: 'adds the line before the closing fence, keeping comments and order',
      before: '---\nmodel: x # keep\n---\nHi\n',
      after: `---\nmodel: x # keep\npromptstack.id: ${ID}\n---\nHi\n`,
    },
    { name: 'replaces an existing id in place', before: '---\npromptstack.id: old\nmodel: x\n---\nHi', after: `---\npromptstack.id: ${ID}\nmodel: x\n---\nHi` },
    { name: 'keeps CRLF line endings', before: '---\r\nmodel: x\r\n---\r\nHi', after: `---\r\nmodel: x\r\npromptstack.id: ${ID}\r\n---\r\nHi` },
    { name: 'creates a frontmatter for a bare template', before: 'Hi {{name}}', after: `---\npromptstack.id: ${ID}\n---\nHi {{name}}` },
    { name: 'keeps a byte-order mark first', before: '\ufeff---\nmodel: x\n---\nHi', after: `\ufeff---\nmodel: x\npromptstack.id: ${ID}\n---\nHi` },
    { name: 'handles an empty frontmatter', before: '---\n---\nHi', after: `---\npromptstack.id: ${ID}\n---\nHi` },
  ];
  for (const { name, before, after } of cases) {
    it(name, () => {
      assert.equal(withLinkedId(before, ID), after);
      assert.equal(readLinkedId(after), ID);
      assert.ok(sameContent(before, after), 'the link line does not count as a change');
    });
  }

  it('reads quoted ids and ignores indented keys and the body', () => {
    assert.equal(readLinkedId('---\npromptstack.id: "a b"\n---\n'), 'a b');
    assert.equal(readLinkedId("---\npromptstack.id: 'it''s'\n---\n"), "it's");
    assert.equal(readLinkedId('---\nconfig:\n  promptstack.id: nested\n---\n'), undefined);
    assert.equal(readLinkedId('---\nmodel: x\n---\npromptstack.id: in-body\n'), undefined);
  });

  it('edits only the value span when relinking (a WorkspaceEdit leaves the rest alone)', () => {
    const text = '---\nmodel: x\npromptstack.id: old # linked\n---\nHi';
    const change = linkChange(text, ID);
    assert.equal(text.slice(change.offset, change.offset + change.length), 'promptstack.id: old # linked');
  });

  it('drops every promptstack.* line when comparing, and the frontmatter they alone made', () => {
    assert.equal(withoutSyncFields(`---\npromptstack.id: ${ID}\n---\nHi`), 'Hi');
    assert.equal(withoutSyncFields(`---\nmodel: x\npromptstack.id: ${ID}\npromptstack.note: y\n---\nHi`), '---\nmodel: x\n---\nHi');
    assert.ok(!sameContent('---\nmodel: x\n---\nHi', '---\nmodel: y\n---\nHi'));
  });
});
