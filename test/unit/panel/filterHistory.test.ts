// The filter bar's history: order, duplicates, bound, and walking it with Up and Down.
import * as assert from 'assert';
import { HistoryCursor, MAX_FILTER_HISTORY, remember } from '../../../extension/panel/filterHistory';

describe('panel filterHistory', () => {
  it('keeps accepted expressions newest first, once each, trimmed and bounded', () => {
    let h: string[] = [];
    for (const e of ['tcp', ' udp ', '', 'tcp']) h = remember(h, e);
    assert.deepStrictEqual(h, ['tcp', 'udp']);
    for (let i = 0; i < 30; i++) h = remember(h, `port == ${i}`);
    assert.strictEqual(h.length, MAX_FILTER_HISTORY);
    assert.strictEqual(h[0], 'port == 29');
  });

  it('walks older with Up, newer with Down, and gives back what was being typed', () => {
    const h = ['c', 'b', 'a'];
    const cur = new HistoryCursor();
    assert.strictEqual(cur.newer(h), null, 'nothing newer than the draft');
    assert.strictEqual(cur.older(h, 'typing'), 'c');
    assert.strictEqual(cur.older(h, 'c'), 'b');
    assert.strictEqual(cur.older(h, 'b'), 'a');
    assert.strictEqual(cur.older(h, 'a'), null, 'the oldest is the end');
    assert.strictEqual(cur.newer(h), 'b');
    assert.strictEqual(cur.newer(h), 'c');
    assert.strictEqual(cur.newer(h), 'typing');
    assert.strictEqual(cur.newer(h), null);
    cur.reset();
    assert.strictEqual(cur.older(h, 'x'), 'c');
  });
});
