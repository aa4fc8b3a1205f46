import assert from 'node:assert/strict';
import { validateApiKeyInput } from '../../../src/auth/apiKeyFormat';

describe('validateApiKeyInput', () => {
  it('accepts a key, with surrounding whitespace trimmed', () => {
    assert.equal(validateApiKeyInput('  sk-ant-api03-abcdefghijklmnopqrstuvwxyz  '), undefined);
  });
  for (const [name, input] of [
    ['empty', ''],
    ['spaces only', '   '],
    ['a pasted line with a space', 'sk-ant-api03 abcdefghijklmnopqrstuvwxyz'],
    ['a multi-line paste', 'sk-ant-api03-abcdefghij\nklmnopqrstuvwxyz'],
    ['too short', 'sk-ant-x'],
  ]) {
    it(`refuses ${name} with a reason`, () => assert.ok(validateApiKeyInput(input)));
  }
});
