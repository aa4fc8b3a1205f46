/**
 * The timer functions a class schedules with, passed in so that tests drive time themselves (test/helpers/
 * manualClock.ts) instead of sleeping and hoping the machine kept up.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  now(): number;
}

/** Opaque: whatever `setTimeout` returned. */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
