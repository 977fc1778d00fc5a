import * as assert from 'assert';
import { RangeCache } from '../../../extension/panel/rangeCache';

const rows = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);

describe('panel RangeCache', () => {
  it('asks for whole blocks of what is missing, merged, and clipped to the row count', () => {
    const c = new RangeCache<number>(10, 100);
    c.setRowCount(35);
    assert.deepStrictEqual(c.missing(3, 25), [{ start: 0, count: 30 }]);
    assert.deepStrictEqual(c.missing(28, 100), [{ start: 20, count: 15 }]);
    assert.deepStrictEqual(c.missing(40, 50), []);
  });

  it('returns stored rows and stops asking for complete blocks', () => {
    const c = new RangeCache<number>(10, 100);
    c.setRowCount(30);
    c.put(10, rows(10, 10));
    assert.strictEqual(c.get(15), 15);
    assert.strictEqual(c.get(5), undefined);
    assert.deepStrictEqual(c.missing(0, 30), [{ start: 0, count: 10 }, { start: 20, count: 10 }]);
  });

  it('does not ask again for blocks in flight until their reply settles', () => {
    const c = new RangeCache<number>(10, 100);
    c.setRowCount(20);
    const [range] = c.missing(0, 20);
    c.requested(range, 7);
    assert.deepStrictEqual(c.missing(0, 20), []);
    c.settled(7);
    assert.deepStrictEqual(c.missing(0, 20), [{ start: 0, count: 20 }]);
  });

  it('counts the requests in flight, one per request whatever its blocks, until settled or cleared', () => {
    const c = new RangeCache<number>(10, 100);
    c.setRowCount(100);
    assert.strictEqual(c.pendingRequests, 0);
    c.requested({ start: 0, count: 30 }, 1);
    c.requested({ start: 50, count: 10 }, 2);
    assert.strictEqual(c.pendingRequests, 2);
    c.settled(1);
    assert.strictEqual(c.pendingRequests, 1);
    c.settled(99);
    assert.strictEqual(c.pendingRequests, 1);
    c.clear();
    assert.strictEqual(c.pendingRequests, 0, 'a new generation forgets the old requests');
    c.settled(2);
    assert.strictEqual(c.pendingRequests, 0);
  });

  it('asks again for a partial last block once the live capture grew past it', () => {
    const c = new RangeCache<number>(10, 100);
    c.setRowCount(14);
    c.put(10, rows(10, 4));
    c.put(0, rows(0, 10));
    assert.deepStrictEqual(c.missing(0, 14), []);
    c.setRowCount(17);
    assert.deepStrictEqual(c.missing(0, 17), [{ start: 10, count: 7 }]);
    // A live tail fills it without a request.
    c.put(14, rows(14, 3));
    assert.deepStrictEqual(c.missing(0, 17), []);
  });

  it('takes rows that straddle blocks', () => {
    const c = new RangeCache<number>(10, 100);
    c.setRowCount(40);
    c.put(5, rows(5, 30));
    assert.strictEqual(c.get(34), 34);
    assert.deepStrictEqual(c.missing(0, 40), [{ start: 0, count: 10 }, { start: 30, count: 10 }]);
  });

  it('keeps at most maxBlocks, forgetting the least recently used', () => {
    const c = new RangeCache<number>(10, 3);
    c.setRowCount(1000);
    c.put(0, rows(0, 10));
    c.put(10, rows(10, 10));
    c.put(20, rows(20, 10));
    c.touch(0, 10); // block 0 is on screen again
    c.put(30, rows(30, 10));
    assert.strictEqual(c.blockCount, 3);
    assert.strictEqual(c.get(0), 0, 'the touched block stays');
    assert.strictEqual(c.get(10), undefined, 'the least recently used block went');
  });

  it('stays bounded while scrolling through a million rows', () => {
    const c = new RangeCache<number>(128, 64);
    c.setRowCount(1_000_000);
    for (let top = 0; top < 1_000_000 - 60; top += 997) {
      for (const r of c.missing(top, top + 60)) {
        c.requested(r, top);
        c.put(r.start, rows(r.start, r.count));
        c.settled(top);
      }
      assert.strictEqual(c.get(top + 30), top + 30);
    }
    assert.ok(c.blockCount <= 64);
  });

  it('clear() forgets rows and requests', () => {
    const c = new RangeCache<number>(10, 10);
    c.setRowCount(20);
    c.put(0, rows(0, 10));
    c.requested({ start: 10, count: 10 }, 1);
    c.clear();
    assert.strictEqual(c.rowCount, 0);
    c.setRowCount(20);
    assert.deepStrictEqual(c.missing(0, 20), [{ start: 0, count: 20 }]);
  });
});
