import assert from 'node:assert/strict';
import { IdleWatchdog } from '../../src/api/idleWatchdog';
import { retryAfterSeconds } from '../../src/api/middleware';

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

describe('IdleWatchdog', () => {
  it('fires once after silence, and not while touched', async () => {
    let fired = 0;
    const watchdog = new IdleWatchdog(60, () => fired++);
    watchdog.touch();
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      watchdog.touch();
    }
    assert.equal(fired, 0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(fired, 1);
    watchdog.touch();
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(fired, 1, 'never fires twice');
  });
  it('does not fire after dispose', async () => {
    let fired = 0;
    const watchdog = new IdleWatchdog(20, () => fired++);
    watchdog.touch();
    watchdog.dispose();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(fired, 0);
  });
});
