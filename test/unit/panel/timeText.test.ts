import * as assert from 'assert';
import { durationText, secondsText, timeCellText, timeOfDayText } from '../../../extension/panel/timeText';

describe('panel time formatting', () => {
  it('formats seconds with microseconds, rounding and signs', () => {
    assert.strictEqual(secondsText(0), '0.000000');
    assert.strictEqual(secondsText(0.000312), '0.000312');
    assert.strictEqual(secondsText(12.3456789), '12.345679');
    assert.strictEqual(secondsText(-0.5), '-0.500000');
    assert.strictEqual(secondsText(0.9999996), '1.000000');
    assert.strictEqual(secondsText(-0.0000001), '0.000000');
  });

  it('formats the time of day from the integer second without losing microseconds', () => {
    // 2023-11-14 22:13:20 UTC is 1700000000.
    const base = { baseSec: 1_700_000_000, firstOffset: 0.250001 };
    assert.strictEqual(timeOfDayText(base, 0), '22:13:20.250001');
    assert.strictEqual(timeOfDayText(base, 0.75), '22:13:21.000001');
    assert.strictEqual(timeOfDayText(base, 3600 * 2), '00:13:20.250001', 'wraps at midnight');
    assert.strictEqual(timeOfDayText(base, 0, 60), '23:13:20.250001', 'applies the zone offset');
    assert.strictEqual(timeOfDayText({ baseSec: 10, firstOffset: 0.9999999 }, 0), '00:00:11.000000');
  });

  it('picks the form of the Time column', () => {
    const row = { rel: 1.5, delta: 0.001 };
    const base = { baseSec: 1_700_000_000, firstOffset: 0 };
    assert.strictEqual(timeCellText('relative', row, base), '1.500000');
    assert.strictEqual(timeCellText('delta', row, base), '0.001000');
    assert.strictEqual(timeCellText('absolute', row, base), '22:13:21.500000');
    assert.strictEqual(timeCellText('absolute', row, null), '1.500000');
  });

  it('writes short durations for axes', () => {
    assert.strictEqual(durationText(0.00085), '850 µs');
    assert.strictEqual(durationText(0.0125), '12.5 ms');
    assert.strictEqual(durationText(3.2), '3.20 s');
    assert.strictEqual(durationText(125), '2 min 5 s');
  });
});
