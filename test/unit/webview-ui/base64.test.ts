import assert from 'node:assert/strict';
import { base64ToBytes, blobToBase64, bytesToBase64, maxBytesForBase64 } from '../../../src/webview-ui/base64';

describe('base64: attachment bytes to and from base64', () => {
  /** Every byte value, and lengths around the chunk size (a multiple of 3) so chunk joins and padding are covered. */
  const sizes = [0, 1, 2, 3, 255, 3 * 0x4000 - 1, 3 * 0x4000, 3 * 0x4000 + 1, 3 * 0x4000 * 2 + 2, 1_000_003];

  for (const size of sizes) {
    it(`encodes ${size} bytes exactly as Node does, and decodes them back`, () => {
      const bytes = new Uint8Array(size).map((_, index) => (index * 7919 + (index >> 8)) & 0xff);
      const expected = Buffer.from(bytes).toString('base64');
      assert.equal(bytesToBase64(bytes), expected);
      assert.deepEqual(base64ToBytes(expected), bytes);
    });
  }

  it('encodes a Blob', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    assert.equal(await blobToBase64(new Blob([bytes])), Buffer.from(bytes).toString('base64'));
  });

  it('throws on text that is not base64', () => {
    assert.throws(() => base64ToBytes('not base64!'));
  });

  it('knows the most bytes whose base64 fits a length', () => {
    assert.equal(maxBytesForBase64(8), 6);
    assert.equal(maxBytesForBase64(11), 6);
    assert.equal(Buffer.alloc(maxBytesForBase64(45_000_000)).toString('base64').length <= 45_000_000, true);
    assert.equal(Buffer.alloc(maxBytesForBase64(45_000_000) + 1).toString('base64').length > 45_000_000, true);
  });
});
