// Exact time text from (seconds, nanoseconds) pairs.
import * as assert from 'assert';
import { deltaText, epochText, utcText } from '../../../extension/capture/timeFormat';

describe('capture/timeFormat', () => {
  it('writes epoch and UTC times without floating-point noise', () => {
    assert.strictEqual(epochText(1795607511, 758991000, 6), '1795607511.758991');
    assert.strictEqual(epochText(1795607511, 758991123, 9), '1795607511.758991123');
    assert.strictEqual(epochText(1, 5, 9), '1.000000005');
    assert.strictEqual(utcText(1700000000, 1000, 6), '2023-11-14 22:13:20.000001 UTC');
  });

  it('writes differences, borrowing across the second', () => {
    assert.strictEqual(deltaText(10, 100, 9, 900000000, 6), '0.100000');
    assert.strictEqual(deltaText(10, 0, 10, 0, 9), '0.000000000');
    assert.strictEqual(deltaText(9, 900000000, 10, 100, 6), '-0.100000');
    assert.strictEqual(deltaText(12, 500, 10, 100, 9), '2.000000400');
  });
});
