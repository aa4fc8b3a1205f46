import assert from 'node:assert/strict';
import { RETRY_MAX_MS, SaveScheduler, retryDelayMs } from '../../../src/conversations/saveScheduler';
import { ManualClock, settle } from '../../helpers/manualClock';

const INTERVAL_MS = 1000;
/** How long one write takes on the manual clock: longer than the gap between deltas, as with a big conversation. */
const WRITE_MS = 30;

/** A scheduler whose writes take WRITE_MS of manual-clock time, and what they did. */
class Recorder {
  readonly clock = new ManualClock();
  /** Clock time at which each write started. */
  readonly starts: number[] = [];
  /** The `version` each successful write saw when it started. */
  readonly written: number[] = [];
  readonly failures: { failures: number; retryInMs: number }[] = [];
  recoveries = 0;
  running = 0;
  maxRunning = 0;
  version = 0;
  /** While set, writes fail with it. */
  fault: Error | undefined;
  readonly scheduler: SaveScheduler;

  constructor() {
    this.scheduler = new SaveScheduler({
      write: () => this.write(),
      intervalMs: INTERVAL_MS,
      timers: this.clock,
      onFailure: (_id, _error, failures, retryInMs) => this.failures.push({ failures, retryInMs }),
      onRecovered: () => this.recoveries++,
    });
  }

  private async write(): Promise<void> {
    this.starts.push(this.clock.now());
    const seen = this.version;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, WRITE_MS));
    this.running--;
    if (this.fault) throw this.fault;
    this.written.push(seen);
  }
}

function recorder(): Recorder {
  return new Recorder();
}

/** A change, as the library reports one: `urgent` for a turn boundary. */
function change(r: Recorder, urgent: boolean): void {
  r.version++;
  r.scheduler.schedule('c', urgent);
}

/** An answer streamed for `ms` with a delta every 10 ms, between its start and end boundaries. */
async function stream(r: Recorder, ms: number): Promise<void> {
  change(r, true);
  for (let t = 0; t < ms; t += 10) {
    await r.clock.advance(10);
    change(r, false);
  }
  change(r, true);
}

describe('SaveScheduler', () => {
  it('writes a 3 s stream with a delta every 10 ms about once a second, plus its two boundaries, even when a write outlasts the gap between deltas', async () => {
    const r = recorder();
    await stream(r, 3000);
    await r.clock.advance(5 * WRITE_MS);
    await r.scheduler.flush();
    // Start boundary, one write per second of deltas, end boundary: 5. Rescheduling as urgent after each write made it 100.
    assert.ok(r.starts.length <= 5, `${r.starts.length} writes at ${r.starts.join(', ')} ms`);
    for (let i = 2; i < r.starts.length - 1; i++) assert.ok(r.starts[i] - r.starts[i - 1] >= INTERVAL_MS, `writes ${i - 1} and ${i} only ${r.starts[i] - r.starts[i - 1]} ms apart`);
    assert.equal(r.written.at(-1), r.version, 'the end of the answer was written');
    r.scheduler.dispose();
  });

  it('writes a turn boundary at once, even after a throttled write', async () => {
    const r = recorder();
    change(r, false);
    await r.clock.advance(INTERVAL_MS + WRITE_MS);
    assert.equal(r.starts.length, 1, 'the delta was written after the interval');
    change(r, true);
    await r.clock.advance(0);
    assert.equal(r.starts.length, 2, 'the boundary did not wait for the interval');
  });

  it('keeps the beat when writes are quick: deltas after a finished write still wait for the interval', async () => {
    const r = recorder();
    change(r, true);
    for (let t = 0; t < 3000; t += 100) {
      await r.clock.advance(100);
      change(r, false);
    }
    await r.clock.advance(INTERVAL_MS + WRITE_MS);
    for (let i = 1; i < r.starts.length; i++) assert.ok(r.starts[i] - r.starts[i - 1] >= INTERVAL_MS, `writes at ${r.starts.join(', ')} ms`);
    assert.equal(r.written.at(-1), r.version);
  });

  it('never runs two writes of one conversation at once, and loses no change made during a write', async () => {
    const r = recorder();
    for (let i = 0; i < 10; i++) {
      change(r, true);
      await r.clock.advance(3);
    }
    await r.clock.advance(10 * WRITE_MS);
    await r.scheduler.flush();
    assert.equal(r.maxRunning, 1);
    assert.equal(r.written.at(-1), r.version, 'the last change was written');
  });

  it('keeps a failed change pending and tries again after 1 s, 2 s, 4 s… up to 30 s, without writing in between', async () => {
    const r = recorder();
    r.fault = new Error('ENOSPC: no space left on device');
    change(r, true);
    await r.clock.advance(WRITE_MS);
    assert.deepEqual(r.failures, [{ failures: 1, retryInMs: 1000 }]);
    // Changes during the back-off, boundaries included, wait for it: a full disk is not hammered.
    for (let i = 0; i < 50; i++) {
      change(r, i % 10 === 0);
      await r.clock.advance(10);
    }
    assert.equal(r.starts.length, 1, 'nothing written during the first back-off');
    await r.clock.advance(500);
    assert.equal(r.starts.length, 2, 'retried 1 s after the failure');
    await r.clock.advance(120_000);
    const gaps = r.starts.slice(1).map((start, i) => start - r.starts[i] - WRITE_MS);
    assert.deepEqual(gaps.slice(0, 6), [1000, 2000, 4000, 8000, 16000, 30000]);
    assert.ok(gaps.every((gap) => gap <= RETRY_MAX_MS));
    assert.equal(r.written.length, 0);
    assert.ok(r.scheduler.isPending('c'));

    r.fault = undefined;
    await r.clock.advance(RETRY_MAX_MS + WRITE_MS);
    assert.equal(r.written.at(-1), r.version, 'the latest change was written once the disk recovered');
    assert.equal(r.recoveries, 1);
    assert.equal(r.scheduler.isPending('c'), false);
    // Back to normal: a boundary is written at once again.
    change(r, true);
    await r.clock.advance(WRITE_MS);
    assert.equal(r.written.at(-1), r.version);
  });

  it('flush tries a failed change again at once, and resolves when that fails too', async () => {
    const r = recorder();
    r.fault = new Error('EROFS: read-only file system');
    change(r, true);
    await r.clock.advance(WRITE_MS);
    assert.equal(r.starts.length, 1);

    let flushed = false;
    void r.scheduler.flush().then(() => (flushed = true));
    await r.clock.advance(WRITE_MS);
    assert.equal(r.starts.length, 2, 'flush wrote without waiting for the back-off');
    assert.ok(flushed, 'flush resolved after its one failed try');

    r.fault = undefined;
    void r.scheduler.flush();
    await r.clock.advance(WRITE_MS);
    assert.equal(r.written.at(-1), r.version);
    assert.equal(r.recoveries, 1);
  });

  it('flush during a stream resolves once what came before it is written, without chasing the deltas that follow', async () => {
    const r = recorder();
    change(r, true);
    change(r, false);
    const before = r.version;
    let flushed = false;
    void r.scheduler.flush().then(() => (flushed = true));
    for (let t = 0; t < 1000 && !flushed; t += 10) {
      await r.clock.advance(10);
      change(r, false);
    }
    assert.ok(flushed, `flush still waiting after ${r.starts.length} writes`);
    assert.ok(r.written.some((seen) => seen >= before));
    assert.ok(r.starts.length <= 2, `${r.starts.length} writes`);
  });

  it('forget drops what is pending and writes nothing more for that conversation', async () => {
    const r = recorder();
    change(r, false);
    r.scheduler.forget('c');
    await r.clock.advance(5 * INTERVAL_MS);
    await r.scheduler.flush();
    assert.equal(r.starts.length, 0);
    assert.equal(r.clock.pendingCount, 0);
  });

  it('dispose stops the timers, and a flush still writes what was pending', async () => {
    const r = recorder();
    change(r, false);
    r.scheduler.dispose();
    assert.equal(r.clock.pendingCount, 0);
    void r.scheduler.flush();
    await r.clock.advance(WRITE_MS);
    await settle();
    assert.equal(r.written.at(-1), r.version);
  });

  it('doubles the retry delay from 1 s and caps it at 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMs), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('keeps writing after a failure report throws (a log channel closed while the window shuts down)', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    let fail = true;
    const scheduler = new SaveScheduler({
      write: async () => {
        attempts++;
        if (fail) throw new Error('EROFS: read-only file system');
      },
      intervalMs: INTERVAL_MS,
      timers: clock,
      onFailure: () => {
        throw new Error('Channel has been closed');
      },
      onRecovered: () => {
        throw new Error('Channel has been closed');
      },
    });
    scheduler.schedule('c', true);
    await settle();
    assert.equal(attempts, 1);
    fail = false;
    await clock.advance(1000);
    assert.equal(attempts, 2, 'the retry ran although the failure report threw');
    assert.equal(scheduler.isPending('c'), false, 'and it was written');
    scheduler.schedule('c', true);
    await settle();
    assert.equal(attempts, 3, 'later changes are still written');
    scheduler.dispose();
  });

  it('flushBoundaries writes a pending turn boundary now, but leaves a streaming delta to its beat', async () => {
    const recorder = new Recorder();
    const { scheduler, clock } = recorder;
    scheduler.schedule('c', true);
    await clock.advance(WRITE_MS);
    const afterBoundary = recorder.starts.length;
    scheduler.schedule('c', false);
    await scheduler.flushBoundaries();
    assert.equal(recorder.starts.length, afterBoundary, 'a delta waits for its beat');
    scheduler.schedule('c', true);
    const flushing = scheduler.flushBoundaries();
    await clock.advance(WRITE_MS);
    await flushing;
    assert.equal(recorder.starts.length, afterBoundary + 1, 'a boundary is written at once');
    scheduler.dispose();
  });
});
