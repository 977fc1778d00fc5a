// pcapng 64-bit timestamps split into seconds and nanoseconds, checked against BigInt.
import * as assert from 'assert';
import { fractionToNanos, splitTimestamp, unitsPerSecond } from '../../../extension/capture/timestamp';

describe('capture/timestamp', () => {
  it('decodes if_tsresol', () => {
    assert.strictEqual(unitsPerSecond(6), 1e6);
    assert.strictEqual(unitsPerSecond(9), 1e9);
    assert.strictEqual(unitsPerSecond(0), 1);
    assert.strictEqual(unitsPerSecond(0x80 | 10), 1024);
    assert.strictEqual(unitsPerSecond(19), 1e19);
    assert.strictEqual(unitsPerSecond(20), 0);
    assert.strictEqual(unitsPerSecond(0x80 | 64), 0);
  });

  it('matches BigInt arithmetic for random values at every supported resolution', () => {
    const out = { sec: 0, nsec: 0 };
    let seed = 12345;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const resolutions = [1, 10, 1000, 1e6, 1e9, 1e12, 1e19, 2 ** 10, 2 ** 20, 2 ** 32, 2 ** 40, 2 ** 63];
    for (const units of resolutions) {
      for (let i = 0; i < 2000; i++) {
        const hi = i < 3 ? [0, 0xffffffff, 0x17b][i] : rnd();
        const lo = rnd();
        splitTimestamp(hi, lo, units, out);
        const v = (BigInt(hi) << 32n) | BigInt(lo);
        const u = BigInt(units);
        const sec = v / u;
        // Whole seconds beyond 2^53 (only with absurd resolutions) cannot be exact in a double.
        if (sec < 2n ** 53n) assert.strictEqual(BigInt(out.sec), sec, `units ${units} value ${v}`);
        else assert.ok(Math.abs(out.sec - Number(sec)) / Number(sec) < 1e-15);
        const expectNs = Number(((v % u) * 1000000000n) / u);
        assert.ok(Math.abs(out.nsec - expectNs) <= 1, `units ${units} value ${v}: ${out.nsec} vs ${expectNs}`);
        assert.ok(out.nsec >= 0 && out.nsec < 1e9);
      }
    }
  });

  it('converts fractions exactly for decimal resolutions', () => {
    assert.strictEqual(fractionToNanos(123456, 1e6), 123456000);
    assert.strictEqual(fractionToNanos(5, 1e3), 5000000);
    assert.strictEqual(fractionToNanos(123456789012, 1e12), 123456789);
    assert.strictEqual(fractionToNanos(1 << 19, 2 ** 20), 500000000);
  });
});
