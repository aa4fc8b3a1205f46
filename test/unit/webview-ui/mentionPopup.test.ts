import assert from 'node:assert/strict';
import { findMention, removeMention } from '../../../src/webview-ui/mentionPopup';

/** `text` with `|` marking the caret. */
function at(textWithCaret: string) {
  const caret = textWithCaret.indexOf('|');
  return findMention(textWithCaret.replace('|', ''), caret);
}

describe('mentionPopup: finding the `@` mention the caret is in', () => {
  it('finds a mention at the start and after whitespace, with the text up to the caret as its query', () => {
    assert.deepEqual(at('@src|'), { start: 0, end: 4, query: 'src' });
    assert.deepEqual(at('look at @src/ma|'), { start: 8, end: 15, query: 'src/ma' });
    assert.deepEqual(at('line one\n@re|adme'), { start: 9, end: 12, query: 're' });
    assert.deepEqual(at('tab\t@|'), { start: 4, end: 5, query: '' });
  });

  it('finds none in an e-mail address, after a space, or before the @', () => {
    assert.equal(at('mail me@example.com|'), undefined);
    assert.equal(at('@src |'), undefined);
    assert.equal(at('|@src'), undefined);
    assert.equal(at('no mention|'), undefined);
    assert.equal(at(''), undefined);
  });

  it('gives up on a run of text too long to be a file being looked for', () => {
    assert.equal(at(`@${'a'.repeat(500)}|`), undefined);
  });

  it('takes the picked `@query` out of the text and puts the caret where it was', () => {
    const text = 'explain @src and more';
    const token = findMention(text, 12)!;
    assert.deepEqual(removeMention(text, token), { text: 'explain  and more', caret: 8 });
  });
});
