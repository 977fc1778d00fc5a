// The typed-array packet index: exact times, packed flags, growth and its memory bound.
import * as assert from 'assert';
import { NO_FLOW, PacketIndex } from '../../../extension/capture/packetIndex';

const FLAGS = { kind: 1, tcpFlags: 0x12, fragment: false, malformed: false };

describe('capture/packetIndex', () => {
  it('stores and returns every field', () => {
    const ix = new PacketIndex();
    ix.append(40, 1700000000, 123456789, 262144, 101, 7, { kind: 5, tcpFlags: 0xff, fragment: true, malformed: true });
    ix.append(2 ** 40, 1700000001, 999999999, 0, 101, NO_FLOW, FLAGS);
    assert.strictEqual(ix.count, 2);
    assert.strictEqual(ix.dataOffset(0), 40);
    assert.strictEqual(ix.dataOffset(1), 2 ** 40, 'offsets beyond 4 GiB');
    assert.strictEqual(ix.capLen(0), 262144);
    assert.strictEqual(ix.capLen(1), 0);
    assert.strictEqual(ix.flowId(0), 7);
    assert.strictEqual(ix.flowId(1), NO_FLOW);
    assert.deepStrictEqual(ix.flags(0), { kind: 5, tcpFlags: 0xff, fragment: true, malformed: true });
    assert.deepStrictEqual(ix.flags(1), FLAGS);
    assert.strictEqual(ix.kindName(1), 'tcp');
    assert.deepStrictEqual(ix.timeParts(0), { sec: 1700000000, nsec: 123456789 });
    assert.deepStrictEqual(ix.timeParts(1), { sec: 1700000001, nsec: 999999999 });
    assert.ok(Math.abs(ix.time(1) - 1700000002) < 1e-6);
    assert.ok(Math.abs(ix.relativeTime(1) - 1.999999999) < 1e-12);
    assert.strictEqual(ix.baseSec, 1700000000);
    assert.strictEqual(ix.linkType(1), 101);
  });

  it('keeps nanoseconds exact for hours of capture, and times before the first packet', () => {
    const ix = new PacketIndex();
    ix.append(0, 1700000000, 0, 1, 101, 0, FLAGS);
    ix.append(0, 1700000000 + 86400 * 30, 123456789, 1, 101, 0, FLAGS);
    ix.append(0, 1699999999, 1, 1, 101, 0, FLAGS);
    assert.deepStrictEqual(ix.timeParts(1), { sec: 1700000000 + 86400 * 30, nsec: 123456789 });
    assert.deepStrictEqual(ix.timeParts(2), { sec: 1699999999, nsec: 1 });
  });

  it('grows by doubling and stays within 48 bytes per packet', () => {
    const ix = new PacketIndex();
    for (let i = 0; i < 100000; i++) {
      ix.append(i * 100, 1700000000 + (i >> 10), i, i % 1500, 101, i % 3, FLAGS);
      if (i > 1024) assert.ok(ix.memoryBytes <= 48 * ix.count, `${ix.memoryBytes} bytes for ${ix.count} packets`);
    }
    assert.strictEqual(ix.dataOffset(99999), 9999900);
    assert.strictEqual(ix.capLen(1501), 1);
    assert.deepStrictEqual(ix.timeParts(99999), { sec: 1700000000 + (99999 >> 10), nsec: 99999 });
    assert.deepStrictEqual(ix.packetsOfFlow(2).slice(0, 3), [2, 5, 8]);
  });

  it('tracks link types per packet only once a second one appears', () => {
    const ix = new PacketIndex();
    ix.append(0, 1, 0, 1, 101, 0, FLAGS);
    const before = ix.memoryBytes;
    ix.append(0, 1, 0, 1, 1, 0, FLAGS);
    ix.append(0, 1, 0, 1, 101, 0, FLAGS);
    assert.ok(ix.memoryBytes > before);
    assert.deepStrictEqual([ix.linkType(0), ix.linkType(1), ix.linkType(2)], [101, 1, 101]);
  });

  it('refuses packet numbers outside the index and can be cleared', () => {
    const ix = new PacketIndex();
    ix.append(0, 1, 0, 1, 101, 0, FLAGS);
    assert.throws(() => ix.dataOffset(1), RangeError);
    assert.throws(() => ix.time(-1), RangeError);
    ix.clear();
    assert.strictEqual(ix.count, 0);
    assert.throws(() => ix.capLen(0), RangeError);
  });
});
