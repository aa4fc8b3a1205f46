import assert from 'node:assert/strict';
import { isSendableApiKey, normalizeApiKeyInput, validateApiKeyInput } from '../../../src/auth/apiKeyFormat';

const KEY = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz';

describe('validateApiKeyInput', () => {
  it('accepts a key, with the whitespace or line break of a paste trimmed', () => {
    assert.equal(validateApiKeyInput(`  ${KEY}  `), undefined);
    assert.equal(validateApiKeyInput(`${KEY}\r\n`), undefined);
    assert.equal(normalizeApiKeyInput(`\t${KEY}\n`), KEY);
  });
  for (const [name, input] of [
    ['empty', ''],
    ['spaces only', '   '],
    ['a pasted line with a space', 'sk-ant-api03 abcdefghijklmnopqrstuvwxyz'],
    ['a multi-line paste', 'sk-ant-api03-abcdefghij\nklmnopqrstuvwxyz'],
    ['too short', 'sk-ant-x'],
    ['a quoted key', `"${KEY}"`],
  ]) {
    it(`refuses ${name} with a reason`, () => assert.ok(validateApiKeyInput(input)));
  }

  // Each of these makes the SDK throw an error quoting the whole key, or sends a key the API can never accept.
  for (const [name, character, reason] of [
    ['a NUL', '\u0000', /invisible control character \(U\+0000 at position 8\)/],
    ['a carriage return inside', '\r', /no tabs or line breaks in it \(U\+000D at position 8\)/],
    ['a tab inside', '\t', /no tabs or line breaks/],
    ['DEL', '\u007f', /control character \(U\+007F/],
    ['a C1 control', '\u0085', /control character \(U\+0085/],
    ['a zero-width space', '\u200b', /zero-width character \(U\+200B at position 8\)/],
    ['a zero-width joiner', '\u200d', /zero-width character \(U\+200D/],
    ['a word joiner', '\u2060', /zero-width character \(U\+2060/],
    ['a byte order mark', '\ufeff', /zero-width character \(U\+FEFF/],
    ['a smart quote', '\u2019', /typographic quote \(U\+2019/],
    ['a smart double quote', '\u201c', /typographic quote \(U\+201C/],
    ['a non-breaking space', '\u00a0', /not plain ASCII \(U\+00A0/],
    ['an accented letter', 'é', /not plain ASCII \(U\+00E9/],
    ['an emoji', '🔑', /not plain ASCII \(U\+1F511/],
  ] as const) {
    it(`refuses a key with ${name}, saying which character and where, without echoing the key`, () => {
      const input = `sk-ant-${character}api03-abcdefghijklmnopqrstuvwxyz`;
      const problem = validateApiKeyInput(input);
      assert.ok(problem, 'refused');
      assert.match(problem, reason);
      assert.ok(!problem.includes('abcdefgh') && !problem.includes('sk-ant-api'), problem);
      assert.equal(isSendableApiKey(normalizeApiKeyInput(input)), false);
    });
  }

  it('refuses a zero-width character at either end too (only ASCII whitespace is trimmed)', () => {
    assert.match(validateApiKeyInput(`\ufeff${KEY}`) ?? '', /zero-width/);
    assert.match(validateApiKeyInput(`${KEY}\u200b`) ?? '', /zero-width/);
  });
});

describe('isSendableApiKey (what a header can carry)', () => {
  it('is true for printable ASCII only', () => {
    assert.equal(isSendableApiKey(KEY), true);
    assert.equal(isSendableApiKey(''), false);
    assert.equal(isSendableApiKey(`${KEY} `), false);
    assert.equal(isSendableApiKey(`${KEY}\u0000`), false);
  });
});
