import assert from 'node:assert/strict';
import { retryAfterSeconds } from '../../../src/api/middleware';

describe('retryAfterSeconds', () => {
  it('reads retry-after-ms before retry-after', () => {
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1.5);
  });
  it('reads seconds and HTTP dates', () => {
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': '7' })), 7);
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    const seconds = retryAfterSeconds(new Headers({ 'retry-after': inTen })) ?? -1;
    assert.ok(seconds > 8 && seconds <= 10, String(seconds));
  });
  it('is undefined when absent or unreadable', () => {
    assert.equal(retryAfterSeconds(new Headers()), undefined);
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': 'soon' })), undefined);
  });
});
