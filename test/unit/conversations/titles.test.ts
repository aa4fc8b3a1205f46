import assert from 'node:assert/strict';
import { cleanTitle, fallbackTitle } from '../../../src/conversations/titles';

describe('titles', () => {
  it('falls back to the first non-empty line, shortened', () => {
    assert.equal(fallbackTitle('\n\n  Explain   this code  \nmore'), 'Explain this code');
    assert.equal(fallbackTitle('x'.repeat(100)).length, 60);
    assert.ok(fallbackTitle('x'.repeat(100)).endsWith('…'));
    assert.equal(fallbackTitle('   \n '), 'New chat');
  });

  it('cleans what the title model says', () => {
    assert.equal(cleanTitle('"Reversing Python Lists"'), 'Reversing Python Lists');
    assert.equal(cleanTitle('Title: Debugging a race.\nExtra text'), 'Debugging a race');
    assert.equal(cleanTitle('## **Async errors in Node**'), 'Async errors in Node');
    assert.equal(cleanTitle('  \n '), undefined);
    assert.equal(cleanTitle('word '.repeat(40))?.length, 60);
  });
});
