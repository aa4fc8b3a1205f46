import assert from 'node:assert/strict';
import { SaveScheduler } from '../../../src/conversations/saveScheduler';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SaveScheduler', () => {
  it('writes a turn boundary at once and throttles streaming deltas', async () => {
    const writes: number[] = [];
    const scheduler = new SaveScheduler(async () => void writes.push(Date.now()), 100, assert.fail);
    scheduler.schedule('c', true);
    await wait(5);
    assert.equal(writes.length, 1, 'urgent write happens at once');
    for (let i = 0; i < 20; i++) {
      scheduler.schedule('c', false);
      await wait(10);
    }
    await scheduler.flush();
    // ~200 ms of deltas at one write per 100 ms: a handful of writes, not twenty.
    assert.ok(writes.length >= 2 && writes.length <= 5, `${writes.length} writes`);
    scheduler.dispose();
  });

  it('never runs two writes of one conversation at once, and loses no change made during a write', async () => {
    let running = 0;
    let maxRunning = 0;
    let version = 0;
    let written = -1;
    const scheduler = new SaveScheduler(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const snapshot = version;
        await wait(20);
        written = snapshot;
        running--;
      },
      50,
      assert.fail,
    );
    for (let i = 0; i < 10; i++) {
      version++;
      scheduler.schedule('c', true);
      await wait(3);
    }
    await scheduler.flush();
    assert.equal(maxRunning, 1);
    assert.equal(written, version, 'the last change was written');
  });

  it('reports a failed write and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const scheduler = new SaveScheduler(
      async () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      },
      10,
      (_id, error) => errors.push(error),
    );
    scheduler.schedule('c', true);
    await scheduler.flush();
    scheduler.schedule('c', true);
    await scheduler.flush();
    assert.equal(errors.length, 1);
    assert.equal(calls, 2);
  });
});
