import { realTimers, type TimerHandle, type Timers } from '../util/timers';

/** The first retry after a failed write waits this long; each further failure doubles it, up to the cap. */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 30_000;

export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
}

export interface SaveSchedulerOptions {
  /** Writes the conversation's current state; rejects when the write failed. */
  write: (id: string) => Promise<void>;
  /** While an answer streams, at most one write per this many milliseconds. */
  intervalMs: number;
  /** A write failed (`failures` in a row, 1 for the first): the change stays pending and is tried again in `retryInMs`. */
  onFailure: (id: string, error: unknown, failures: number, retryInMs: number) => void;
  /** A write succeeded after one or more failures. */
  onRecovered?: (id: string) => void;
  timers?: Timers;
}

interface SaveState {
  timer?: TimerHandle;
  /** The write in progress; resolves (never rejects) to whether it succeeded, once what follows it is scheduled. */
  running?: Promise<boolean>;
  /** Changed since the last write started. */
  dirty: boolean;
  /** That change includes a turn boundary, which is written as soon as no write is running. */
  urgent: boolean;
  /** Failed writes in a row. While any, only the back-off timer or a flush writes: a full disk is not hammered. */
  failures: number;
  lastStartedAt: number;
  /** The conversation was deleted: nothing more is written for it. */
  forgotten: boolean;
}

/**
 * When to write a conversation: at once at a turn boundary; while an answer streams, at most once per `intervalMs`
 * counted from the start of the previous write (a crash keeps the partial answer); never two writes of one
 * conversation at a time; and never a change left unwritten: a change that arrives during a write is written after
 * it, a failed write is tried again with a growing delay until one succeeds.
 */
export class SaveScheduler {
  private readonly states = new Map<string, SaveState>();
  private readonly timers: Timers;
  private disposed = false;

  constructor(private readonly options: SaveSchedulerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** `urgent`: a turn boundary; otherwise a streaming delta. */
  schedule(id: string, urgent: boolean): void {
    const state = this.state(id);
    state.dirty = true;
    if (urgent) state.urgent = true;
    this.next(id, state);
  }

  /** Whether a change to `id` has not been written yet (waiting, being written, or failed). */
  isPending(id: string): boolean {
    const state = this.states.get(id);
    return state !== undefined && (state.dirty || state.running !== undefined);
  }

  /**
   * Resolves once every change made before the call has been written, or its write has failed. A write that failed
   * before is tried again now rather than after its back-off.
   */
  async flush(id?: string): Promise<void> {
    const ids = id ? [id] : [...this.states.keys()];
    await Promise.all(ids.map((key) => this.flushOne(key)));
  }

  /**
   * Writes pending turn boundaries now (so a new conversation or a finished answer is on disk before the history is
   * listed), and waits for writes in progress. A streaming delta keeps waiting for its beat and a failing write for
   * its back-off: the history view lists again after every save, and flushing those would write on every listing.
   */
  async flushBoundaries(): Promise<void> {
    await Promise.all(
      [...this.states.entries()].map(async ([id, state]) => {
        if (state.running) await state.running;
        if (state.dirty && state.urgent && state.failures === 0 && !state.forgotten && !state.running) await this.run(id, state);
      }),
    );
  }

  /** Drops whatever is pending for `id` (it was deleted). A write already running finishes. */
  forget(id: string): void {
    const state = this.states.get(id);
    if (!state) return;
    state.forgotten = true;
    this.clearTimer(state);
    this.states.delete(id);
  }

  /** Stops the timers. A flush started before (or after) still writes what was pending. */
  dispose(): void {
    this.disposed = true;
    for (const state of this.states.values()) this.clearTimer(state);
  }

  private async flushOne(id: string): Promise<void> {
    const state = this.states.get(id);
    if (!state || state.forgotten) return;
    if (state.running) await state.running;
    // A write that started after the call (a boundary queued behind the one awaited) holds every earlier change.
    if (state.running) await state.running;
    else if (state.dirty && !state.forgotten) await this.run(id, state);
  }

  private next(id: string, state: SaveState): void {
    if (state.running || state.forgotten || this.disposed || !state.dirty) return;
    if (state.failures > 0) this.arm(id, state, retryDelayMs(state.failures));
    else if (state.urgent) void this.run(id, state);
    // Counted from the previous write's start, so a stream is written on a steady beat however long writes take.
    else this.arm(id, state, Math.max(0, state.lastStartedAt + this.options.intervalMs - this.timers.now()));
  }

  private arm(id: string, state: SaveState, delayMs: number): void {
    if (state.timer !== undefined) return;
    state.timer = this.timers.setTimeout(() => {
      state.timer = undefined;
      void this.run(id, state);
    }, delayMs);
  }

  private run(id: string, state: SaveState): Promise<boolean> {
    if (state.running) return state.running;
    this.clearTimer(state);
    state.dirty = false;
    state.urgent = false;
    state.lastStartedAt = this.timers.now();
    const running = this.options.write(id).then(
      () => {
        const recovered = state.failures > 0;
        state.failures = 0;
        if (recovered) this.report(() => this.options.onRecovered?.(id));
        return true;
      },
      (error: unknown) => {
        state.failures++;
        state.dirty = true;
        this.report(() => this.options.onFailure(id, error, state.failures, retryDelayMs(state.failures)));
        return false;
      },
    );
    state.running = running.then((ok) => {
      state.running = undefined;
      this.next(id, state);
      return ok;
    });
    return state.running;
  }

  /**
   * A report that throws (a log channel already closed while the window shuts down) must not leave `running` set
   * forever, which would stop every later write of the conversation.
   */
  private report(callback: () => void): void {
    try {
      callback();
    } catch {
      // nothing to tell it to: the write's outcome is already recorded in the state
    }
  }

  private state(id: string): SaveState {
    let state = this.states.get(id);
    if (!state) {
      state = { dirty: false, urgent: false, failures: 0, lastStartedAt: Number.NEGATIVE_INFINITY, forgotten: false };
      this.states.set(id, state);
    }
    return state;
  }

  private clearTimer(state: SaveState): void {
    if (state.timer === undefined) return;
    this.timers.clearTimeout(state.timer);
    state.timer = undefined;
  }
}
