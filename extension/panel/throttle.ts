// Coalesces a burst of "something changed" signals into at most one flush per interval:
// the first signal after a quiet period flushes at once (live latency stays low), later
// ones within the interval are folded into one trailing flush. This is what keeps a
// 100k-packet burst from flooding the webview with messages. The interval may adapt: the
// timeline uses one frame while packets trickle in and a longer one during bursts.

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Throttle {
  private last = -Infinity;
  private timer: unknown = undefined;
  private disposed = false;

  constructor(
    /** Minimum time between flushes; a function is asked again before each wait (adaptive throttling). */
    private readonly intervalMs: number | (() => number),
    private readonly flush: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Something changed: flush now, or once the interval since the last flush has passed. */
  request(): void {
    if (this.disposed || this.timer !== undefined) return;
    const interval = typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs();
    const wait = this.last + interval - this.timers.now();
    if (wait <= 0) {
      this.run();
    } else {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.run();
      }, wait);
    }
  }

  /** Flushes now (and cancels a pending flush): for state changes that must not wait. */
  flushNow(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    if (this.disposed) return;
    this.last = this.timers.now();
    this.flush();
  }
}
