import assert from 'node:assert/strict';
import { DraftAttachments, MAX_DRAFT_ATTACHMENTS } from '../../../src/conversations/draftAttachments';
import type { Attachment } from '../../../src/shared/attachment';

const attachment = (sha: string): Attachment => ({ kind: 'text', mediaType: 'text/plain', sha256: sha.repeat(64), byteLength: 3, name: `${sha}.txt` });

describe('DraftAttachments', () => {
  it('keeps a chip’s id from preparing to ready, and reports every change', () => {
    const draft = new DraftAttachments();
    const seen: number[] = [];
    draft.onDidChange((items) => seen.push(items.length));
    const id = draft.begin('a.txt')!;
    assert.equal(draft.preparing, true);
    assert.equal(draft.complete(id, attachment('a')), true);
    assert.deepEqual(draft.all, [{ id, state: 'ready', attachment: attachment('a') }]);
    assert.equal(draft.preparing, false);
    draft.update('a'.repeat(64), { tokens: 12, tokensCounted: true });
    assert.equal(draft.ready[0].tokens, 12);
    draft.remove(id);
    assert.deepEqual(seen, [1, 1, 1, 0]);
  });

  it('keeps the same file once, dropping the second chip', () => {
    const draft = new DraftAttachments();
    draft.complete(draft.begin('a.txt')!, attachment('a'));
    const second = draft.begin('a again')!;
    assert.equal(draft.complete(second, attachment('a')), false);
    assert.equal(draft.all.length, 1);
  });

  it('takes at most MAX_DRAFT_ATTACHMENTS chips', () => {
    const draft = new DraftAttachments();
    for (let i = 0; i < MAX_DRAFT_ATTACHMENTS; i++) assert.ok(draft.begin(`f${i}`));
    assert.equal(draft.begin('one too many'), undefined);
  });
});
