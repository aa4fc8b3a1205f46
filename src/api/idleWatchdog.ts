import { realTimers, type TimerHandle, type Timers } from '../util/timers';

/**
 * Fires once when `touch` has not been called for `timeoutMs`. The SDK's timeout covers only the wait for
 * response headers; a stream that goes silent after `message_start` would otherwise hang until the user notices.
 */
export class IdleWatchdog {
  private timer: TimerHandle | undefined;
  private done = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  touch(): void {
    if (this.done) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.done = true;
      this.onIdle();
    }, this.timeoutMs);
  }

  dispose(): void {
    this.done = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
  }
}
