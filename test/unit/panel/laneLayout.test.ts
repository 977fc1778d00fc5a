import * as assert from 'assert';
import { compareHosts, DEFAULT_LANE_OPTIONS, layoutLanes, orderLanes } from '../../../extension/panel/laneLayout';
import { LaneRegistry } from '../../../extension/panel/lanes';

describe('panel lanes', () => {
  it('gives each endpoint one stable id, none for packets without an address', () => {
    const r = new LaneRegistry();
    assert.strictEqual(r.idOf('127.0.0.11', 41234), 0);
    assert.strictEqual(r.idOf('127.0.0.10', 7777), 1);
    assert.strictEqual(r.idOf('127.0.0.11', 41234), 0);
    assert.strictEqual(r.idOf('127.0.0.10', null), 2);
    assert.strictEqual(r.idOf('', null), -1);
    assert.strictEqual(r.size, 3);
  });

  it('orders hosts by address (numerically, IPv4 before IPv6) and ports within a host', () => {
    assert.ok(compareHosts('127.0.0.9', '127.0.0.10') < 0);
    assert.ok(compareHosts('127.0.0.10', 'fd00::5357:5f0a') < 0);
    assert.ok(compareHosts('fd00::5357:5f0a', 'fd00::5357:5f0b') < 0);
    assert.ok(compareHosts('0.0.0.0', '127.0.0.1') < 0);
    const ordered = orderLanes([
      { id: 0, host: '127.0.0.11', port: 41234 },
      { id: 1, host: '127.0.0.10', port: 7777 },
      { id: 2, host: '127.0.0.11', port: 1000 },
      { id: 3, host: 'fd00::5357:5f0a', port: 53 },
    ]);
    assert.deepStrictEqual(ordered.map((l) => l.id), [1, 2, 0, 3]);
  });

  it('groups lanes by host with a gap between hosts, centred when there is room', () => {
    const lanes = [
      { id: 0, host: '127.0.0.11', port: 41234 },
      { id: 1, host: '127.0.0.10', port: 7777 },
      { id: 2, host: '127.0.0.11', port: 41236 },
    ];
    const layout = layoutLanes(lanes, { ...DEFAULT_LANE_OPTIONS, width: 1000 });
    assert.deepStrictEqual(layout.groups.map((g) => g.host), ['127.0.0.10', '127.0.0.11']);
    const x = (id: number): number => layout.xById.get(id) as number;
    assert.ok(x(1) < x(0) && x(0) < x(2));
    assert.strictEqual(x(2) - x(0), DEFAULT_LANE_OPTIONS.maxSpacing);
    assert.strictEqual(x(0) - x(1), DEFAULT_LANE_OPTIONS.maxSpacing + DEFAULT_LANE_OPTIONS.groupGap);
    assert.ok(Math.abs((x(1) + x(2)) / 2 - 500) < 1e-9, 'centred');
    assert.strictEqual(layout.lanes[0].label, '7777');
  });

  it('squeezes lanes down to the minimum spacing, then needs more width', () => {
    const lanes = Array.from({ length: 20 }, (_, i) => ({ id: i, host: '127.0.0.10', port: 1000 + i }));
    const layout = layoutLanes(lanes, { ...DEFAULT_LANE_OPTIONS, width: 400 });
    assert.strictEqual(layout.spacing, DEFAULT_LANE_OPTIONS.minSpacing);
    assert.ok(layout.width > 400);
    assert.strictEqual(layoutLanes([], { ...DEFAULT_LANE_OPTIONS, width: 300 }).lanes.length, 0);
  });
});
