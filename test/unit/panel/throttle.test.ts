import * as assert from 'assert';
import { Throttle, type Timers } from '../../../extension/panel/throttle';

/** A clock the test moves by hand. */
class FakeTimers implements Timers {
  time = 0;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.queue.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (next === undefined || next.at > until) break;
      this.queue.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = until;
  }
}

describe('panel update throttle (message batching)', () => {
  it('sends the first change at once, then at most one message per interval', () => {
    const t = new FakeTimers();
    const sent: number[] = [];
    const throttle = new Throttle(50, () => sent.push(t.now()), t);
    throttle.request();
    assert.deepStrictEqual(sent, [0], 'a change after a quiet period goes out immediately');
    // A burst of 100k packets over 1 s, one change signal each.
    for (let i = 0; i < 100_000; i++) {
      t.advance(0.01);
      throttle.request();
    }
    t.advance(100);
    assert.ok(sent.length <= 1 + 1000 / 50 + 2, `${sent.length} messages for one second of burst`);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i] - sent[i - 1] >= 50 - 1e-6, `messages ${sent[i - 1]} and ${sent[i]} are closer than 50 ms`);
    assert.ok(sent[sent.length - 1] >= 1000 - 1e-6, 'the last change of the burst is sent too (trailing flush)');
  });

  it('flushNow sends at once and cancels the pending flush', () => {
    const t = new FakeTimers();
    let count = 0;
    const throttle = new Throttle(50, () => count++, t);
    throttle.request();
    t.advance(10);
    throttle.request();
    throttle.flushNow();
    assert.strictEqual(count, 2);
    t.advance(100);
    assert.strictEqual(count, 2, 'the pending flush was folded into flushNow');
  });

  it('sends nothing after dispose', () => {
    const t = new FakeTimers();
    let count = 0;
    const throttle = new Throttle(50, () => count++, t);
    throttle.request();
    throttle.request();
    throttle.dispose();
    t.advance(100);
    throttle.request();
    assert.strictEqual(count, 1);
  });

  it('asks an adaptive interval again before each wait', () => {
    const t = new FakeTimers();
    const sent: number[] = [];
    let interval = 16;
    const throttle = new Throttle(() => interval, () => sent.push(t.now()), t);
    throttle.request(); // t=0, at once
    t.advance(1);
    throttle.request(); // waits for 16
    t.advance(20);
    interval = 100; // a burst: slow down
    throttle.request();
    t.advance(150);
    assert.deepStrictEqual(sent, [0, 16, 116]);
  });
});
