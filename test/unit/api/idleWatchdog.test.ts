import assert from 'node:assert/strict';
import { IdleWatchdog } from '../../../src/api/idleWatchdog';
import { ManualClock } from '../../helpers/manualClock';

describe('IdleWatchdog', () => {
  it('fires once after silence, and not while touched', async () => {
    const clock = new ManualClock();
    let fired = 0;
    const watchdog = new IdleWatchdog(60, () => fired++, clock);
    watchdog.touch();
    for (let i = 0; i < 5; i++) {
      await clock.advance(59);
      watchdog.touch();
    }
    assert.equal(fired, 0, 'touched within the timeout every time');
    await clock.advance(60);
    assert.equal(fired, 1);
    watchdog.touch();
    await clock.advance(600);
    assert.equal(fired, 1, 'never fires twice');
  });
  it('does not fire after dispose', async () => {
    const clock = new ManualClock();
    let fired = 0;
    const watchdog = new IdleWatchdog(20, () => fired++, clock);
    watchdog.touch();
    watchdog.dispose();
    await clock.advance(100);
    assert.equal(fired, 0);
    assert.equal(clock.pendingCount, 0, 'its timer was cleared');
  });
});
