// The reader on pcapng: sections in both byte orders, several interfaces with their own
// link types and timestamp resolutions, EPB/SPB/OPB, skipped unknown blocks, and every
// malformed-block error with its offset.
import * as assert from 'assert';
import { CaptureError } from '../../../extension/capture/errors';
import { PcapReader } from '../../../extension/capture/pcapReader';
import { OwnedPacket } from '../../../extension/capture/record';
import { PcapngBuilder } from './support/files';

function read(file: Uint8Array, chunk = file.length): { packets: OwnedPacket[]; error: CaptureError | null; reader: PcapReader } {
  const reader = new PcapReader();
  const packets: OwnedPacket[] = [];
  for (let o = 0; o < file.length; o += chunk) {
    const r = reader.collect(file.subarray(o, Math.min(file.length, o + chunk)));
    packets.push(...r.packets);
    if (r.error) return { packets, error: r.error, reader };
  }
  const end = reader.collect(new Uint8Array(0), true);
  return { packets, error: end.error, reader };
}

function expectError(e: CaptureError | null, kind: string, offset: number): void {
  assert.ok(e instanceof CaptureError, `expected ${kind}`);
  assert.strictEqual(e.kind, kind, e.message);
  assert.strictEqual(e.offset, offset, e.message);
}

const P1 = Uint8Array.from([0x45, 0, 0, 20]);
const P2 = Uint8Array.from([0x60, 1, 2, 3, 4, 5]);

describe('capture/pcapReader (pcapng)', () => {
  for (const le of [true, false]) {
    it(`reads SHB, IDB and EPBs (${le ? 'little' : 'big'}-endian)`, () => {
      const file = new PcapngBuilder(le).shb().idb({ linkType: 101, snapLen: 65535 })
        .epb(0, 1700000000123456n, P1).epb(0, 1700000001000000n, P2, { origLen: 60, comment: 'hi' }).build();
      const { packets, error, reader } = read(file);
      assert.strictEqual(error, null);
      assert.strictEqual(reader.format, 'pcapng');
      assert.strictEqual(reader.littleEndian, le);
      assert.strictEqual(packets.length, 2);
      assert.strictEqual(packets[0].tsSec, 1700000000);
      assert.strictEqual(packets[0].tsNsec, 123456000);
      assert.strictEqual(packets[0].linkType, 101);
      assert.deepStrictEqual(Array.from(packets[0].data), Array.from(P1));
      assert.strictEqual(packets[1].origLen, 60);
      assert.deepStrictEqual(Array.from(packets[1].data), Array.from(P2));
      // SHB 28 + IDB 20: the first EPB starts at 48, its data 28 bytes later.
      assert.strictEqual(packets[0].recordOffset, 48);
      assert.strictEqual(packets[0].dataOffset, 76);
    });
  }

  it('handles several interfaces with their own link types, resolutions and offsets', () => {
    const file = new PcapngBuilder().shb()
      .idb({ linkType: 1, tsresol: 9, name: 'eth0' }) // ns
      .idb({ linkType: 101, tsresol: 3 }) // ms
      .idb({ linkType: 113, tsresol: 0x80 | 20 }) // 2^-20 s
      .idb({ linkType: 228, tsoffset: 1000 })
      .epb(0, 1700000000123456789n, P1)
      .epb(1, 1700000000123n, P1)
      .epb(2, (5n << 20n) + (1n << 19n), P1)
      .epb(3, 1500000n, P1)
      .build();
    const { packets, error, reader } = read(file);
    assert.strictEqual(error, null);
    assert.deepStrictEqual(packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec]), [
      [0, 1, 1700000000, 123456789],
      [1, 101, 1700000000, 123000000],
      [2, 113, 5, 500000000],
      [3, 228, 1001, 500000000],
    ]);
    assert.strictEqual(reader.interfaces[0].name, 'eth0');
    assert.strictEqual(reader.interfaces[2].unitsPerSecond, 2 ** 20);
  });

  it('reads simple packet blocks, clipped to the snaplen, and obsolete packet blocks', () => {
    const file = new PcapngBuilder().shb().idb({ linkType: 101, snapLen: 4 })
      .spb(P2, 6).opb(0, 2000000n, P1, 40).build();
    const { packets, error } = read(file);
    assert.strictEqual(error, null);
    assert.strictEqual(packets.length, 2);
    assert.deepStrictEqual(Array.from(packets[0].data), [0x60, 1, 2, 3]);
    assert.strictEqual(packets[0].origLen, 6);
    assert.strictEqual(packets[0].tsSec, 0);
    assert.strictEqual(packets[1].tsSec, 2);
    assert.strictEqual(packets[1].origLen, 40);
  });

  it('skips unknown blocks (NRB, ISB, custom) by their length', () => {
    const file = new PcapngBuilder().shb().idb({ linkType: 101 })
      .block(4, new Uint8Array(16)).block(5, new Uint8Array(20)).block(0x40000bad, new Uint8Array(8))
      .epb(0, 0n, P1).build();
    const { packets, error } = read(file);
    assert.strictEqual(error, null);
    assert.strictEqual(packets.length, 1);
  });

  it('starts over with a new section that switches byte order and interfaces', () => {
    const b = new PcapngBuilder(true).shb().idb({ linkType: 101 }).epb(0, 1000000n, P1)
      .shb({ littleEndian: false }).idb({ linkType: 1, tsresol: 9 }).epb(0, 3000000000n, P2);
    const { packets, error, reader } = read(b.build());
    assert.strictEqual(error, null);
    assert.deepStrictEqual(packets.map((p) => [p.linkType, p.tsSec, p.tsNsec]), [[101, 1, 0], [1, 3, 0]]);
    assert.strictEqual(reader.littleEndian, false);
    assert.strictEqual(reader.interfaces.length, 1);
  });

  it('gives the same packets for every chunk size', () => {
    const file = new PcapngBuilder(false).shb().idb({ linkType: 101, tsresol: 9 })
      .epb(0, 1n, P1).spb(P2).block(99, new Uint8Array(4)).epb(0, 2n, P2).build();
    const whole = read(file).packets;
    assert.strictEqual(whole.length, 3);
    for (let chunk = 1; chunk <= 40; chunk++) assert.deepStrictEqual(read(file, chunk).packets, whole, `chunk ${chunk}`);
  });

  it('reports a cut final block as truncated-record', () => {
    const file = new PcapngBuilder().shb().idb({ linkType: 101 }).epb(0, 0n, P1).epb(0, 0n, P2).build();
    const { packets, error } = read(file.subarray(0, file.length - 3));
    expectError(error, 'truncated-record', 48 + 36);
    assert.strictEqual(packets.length, 1);
    expectError(read(file.subarray(0, 10)).error, 'truncated-header', 0);
  });

  it('rejects a bad byte-order magic and an unsupported version', () => {
    expectError(read(new PcapngBuilder().shb({ bom: 0x11223344 }).build()).error, 'bad-magic', 8);
    expectError(read(new PcapngBuilder().shb({ major: 2 }).build()).error, 'bad-header', 12);
  });

  it('rejects impossible block lengths and trailers', () => {
    const head = new PcapngBuilder().shb().idb({ linkType: 101 });
    expectError(read(head.block(6, new Uint8Array(21), { length: 33 }).build()).error, 'bad-block', 48);
    const head2 = new PcapngBuilder().shb().idb({ linkType: 101 });
    expectError(read(head2.block(6, new Uint8Array(20), { length: 8 }).build()).error, 'bad-block', 48);
    const head3 = new PcapngBuilder().shb().idb({ linkType: 101 });
    expectError(read(head3.block(99, new Uint8Array(8), { trailer: 24 }).build()).error, 'bad-block', 48);
  });

  it('rejects a block claiming more than 16 MiB as soon as its header is visible', () => {
    const file = new PcapngBuilder().shb().idb({ linkType: 101 }).build();
    const header = Uint8Array.from([6, 0, 0, 0, 0, 0, 0, 0x40]); // type 6, length 1 GiB
    const reader = new PcapReader();
    reader.collect(file);
    const r = reader.collect(header);
    expectError(r.error, 'bad-block', 48);
  });

  it('rejects packet blocks that lie about their contents', () => {
    // Captured length larger than the block.
    const a = new PcapngBuilder().shb().idb({ linkType: 101 }).epb(0, 0n, P1, { capLen: 100 }).build();
    expectError(read(a).error, 'bad-block', 48);
    // Interface that was never described.
    const b = new PcapngBuilder().shb().idb({ linkType: 101 }).epb(3, 0n, P1).build();
    expectError(read(b).error, 'bad-block', 56);
    // Captured length beyond the interface snaplen.
    const c = new PcapngBuilder().shb().idb({ linkType: 101, snapLen: 2 }).epb(0, 0n, P1).build();
    expectError(read(c).error, 'record-too-long', 48);
    // A simple packet block without any interface.
    const d = new PcapngBuilder().shb().spb(P1).build();
    expectError(read(d).error, 'bad-block', 36);
    // An unsupported timestamp resolution.
    const e = new PcapngBuilder().shb().idb({ linkType: 101, tsresol: 0x7f }).build();
    expectError(read(e).error, 'bad-block', 28 + 16 + 4);
  });

  it('ignores malformed IDB options rather than failing the file', () => {
    const body = Uint8Array.from([101, 0, 0, 0, 0, 0, 0, 0, 9, 0, 200, 0]); // if_tsresol claiming 200 bytes
    const file = new PcapngBuilder().shb().block(1, body).epb(0, 5000000n, P1).build();
    const { packets, error } = read(file);
    assert.strictEqual(error, null);
    assert.strictEqual(packets[0].tsSec, 5);
  });
});
