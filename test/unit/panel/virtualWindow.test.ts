import * as assert from 'assert';
import {
  isAtEnd, MAX_SPACER_PX, pageRows, scrollTopAtEnd, scrollTopFor, scrollTopToReveal, spacerHeight, visibleRows, virtualTop,
} from '../../../extension/panel/virtualWindow';

describe('panel virtual scrolling', () => {
  const small = { rowCount: 1000, rowHeight: 22, viewportHeight: 440 };
  const huge = { rowCount: 1_000_000, rowHeight: 22, viewportHeight: 440 };

  it('maps scroll positions 1:1 while the spacer fits', () => {
    assert.strictEqual(spacerHeight(small), 22_000);
    assert.deepStrictEqual(visibleRows(0, small), { first: 0, count: 20, offset: 0 });
    assert.deepStrictEqual(visibleRows(33, small), { first: 1, count: 21, offset: -11 });
    assert.deepStrictEqual(visibleRows(scrollTopAtEnd(small), small), { first: 980, count: 20, offset: 0 });
  });

  it('caps the spacer for a million rows and still reaches the first and the last row', () => {
    assert.strictEqual(spacerHeight(huge), MAX_SPACER_PX);
    assert.strictEqual(visibleRows(0, huge).first, 0);
    const end = visibleRows(scrollTopAtEnd(huge), huge);
    assert.strictEqual(end.first + end.count, 1_000_000);
    const mid = visibleRows(scrollTopAtEnd(huge) / 2, huge);
    assert.ok(Math.abs(mid.first - 500_000) < 20, `middle of the scrollbar shows row ${mid.first}`);
    assert.ok(Math.abs(virtualTop(scrollTopFor(123_456 * 22, huge), huge) - 123_456 * 22) < 1e-6, 'scrollTopFor inverts virtualTop');
  });

  it('reveals a row with the least movement', () => {
    assert.strictEqual(scrollTopToReveal(5, 0, small), 0, 'already visible');
    assert.strictEqual(scrollTopToReveal(30, 0, small), 31 * 22 - 440, 'below: align its bottom');
    assert.strictEqual(scrollTopToReveal(2, 200, small), 44, 'above: align its top');
    const t = scrollTopToReveal(777_777, 0, huge);
    const v = visibleRows(t, huge);
    assert.ok(v.first <= 777_777 && 777_777 < v.first + v.count);
  });

  it('knows a page and the live end', () => {
    assert.strictEqual(pageRows(small), 20);
    assert.ok(isAtEnd(scrollTopAtEnd(small), small));
    assert.ok(!isAtEnd(scrollTopAtEnd(small) - 100, small));
    assert.deepStrictEqual(visibleRows(0, { rowCount: 0, rowHeight: 22, viewportHeight: 440 }), { first: 0, count: 0, offset: 0 });
  });
});
