import assert from 'node:assert/strict';
import { formatBytes, formatDecimalBytes } from '../../../src/shared/byteSize';

describe('byte sizes', () => {
  it('binary units for the extension’s own limits: 1.0 KB is 1,024 bytes', () => {
    assert.equal(formatBytes(1023), '1023 bytes');
    assert.equal(formatBytes(1024), '1.0 KB');
    assert.equal(formatBytes(512 * 1024), '512 KB');
    assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MB');
  });

  it('decimal units for the API’s limits: 32,000,000 bytes is 32 MB', () => {
    assert.equal(formatDecimalBytes(999), '999 B');
    assert.equal(formatDecimalBytes(830_400), '830 kB');
    assert.equal(formatDecimalBytes(5_242_880), '5.2 MB');
    assert.equal(formatDecimalBytes(32_000_000), '32 MB');
  });
});
