// The incremental reader on hand-built classic pcap files: byte orders, µs/ns, chunking at
// every possible split, held-back partial records, and each kind of bad input.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureError } from '../../../extension/capture/errors';
import { PcapReader } from '../../../extension/capture/pcapReader';
import { OwnedPacket } from '../../../extension/capture/record';
import { pcapFile, pcapHeader, pcapRecord, PcapFileOptions } from './support/files';

const PACKETS = [
  { data: Uint8Array.from([0x45, 1, 2, 3]), tsSec: 1700000000, tsFrac: 1, origLen: 4 },
  { data: new Uint8Array(100).fill(7), tsSec: 1700000001, tsFrac: 999999, origLen: 1500 },
  { data: new Uint8Array(0), tsSec: 1700000002, tsFrac: 0 },
];

function readAll(file: Uint8Array, chunk = file.length): { packets: OwnedPacket[]; error: CaptureError | null; reader: PcapReader } {
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

function expectError(e: CaptureError | null, kind: string, offset: number): CaptureError {
  assert.ok(e instanceof CaptureError, `expected a CaptureError ${kind}, got ${String(e)}`);
  assert.strictEqual(e.kind, kind, e.message);
  assert.strictEqual(e.offset, offset, e.message);
  assert.match(e.message, new RegExp(`offset ${offset}\\)$`));
  return e;
}

describe('capture/pcapReader (classic pcap)', () => {
  const variants: Array<[string, PcapFileOptions, number]> = [
    ['little-endian µs', { littleEndian: true }, 1000],
    ['big-endian µs', { littleEndian: false }, 1000],
    ['little-endian ns', { littleEndian: true, nanosecond: true }, 1],
    ['big-endian ns', { littleEndian: false, nanosecond: true }, 1],
  ];
  for (const [name, opts, toNs] of variants) {
    it(`reads a ${name} file`, () => {
      const { packets, error, reader } = readAll(pcapFile(PACKETS, opts));
      assert.strictEqual(error, null);
      assert.strictEqual(reader.format, 'pcap');
      assert.strictEqual(reader.littleEndian, opts.littleEndian);
      assert.deepStrictEqual(reader.interfaces.map((i) => [i.linkType, i.snapLen, i.unitsPerSecond]), [[101, 65535, toNs === 1 ? 1e9 : 1e6]]);
      assert.strictEqual(packets.length, 3);
      assert.deepStrictEqual(Array.from(packets[0].data), [0x45, 1, 2, 3]);
      assert.strictEqual(packets[0].tsSec, 1700000000);
      assert.strictEqual(packets[0].tsNsec, 1 * toNs);
      assert.strictEqual(packets[1].tsNsec, 999999 * toNs);
      assert.strictEqual(packets[1].origLen, 1500);
      assert.strictEqual(packets[1].data.length, 100);
      assert.strictEqual(packets[2].data.length, 0);
      assert.strictEqual(packets[0].recordOffset, 24);
      assert.strictEqual(packets[0].dataOffset, 40);
      assert.strictEqual(packets[1].recordOffset, 44);
      assert.strictEqual(packets[2].dataOffset, 44 + 16 + 100 + 16);
      assert.strictEqual(reader.offset, 44 + 116 + 16);
      assert.strictEqual(reader.packetCount, 3);
    });
  }

  it('gives the same packets for every chunk size, down to one byte at a time', () => {
    const file = pcapFile(PACKETS);
    const whole = readAll(file).packets;
    for (let chunk = 1; chunk <= 50; chunk++) {
      const r = readAll(file, chunk);
      assert.strictEqual(r.error, null, `chunk ${chunk}`);
      assert.deepStrictEqual(r.packets, whole, `chunk ${chunk}`);
    }
  });

  it('holds a partial trailing record back until the rest arrives', () => {
    const file = pcapFile(PACKETS);
    const reader = new PcapReader();
    const cut = 24 + 20 + 16 + 50; // inside the second record's data
    const first = reader.collect(file.subarray(0, cut));
    assert.strictEqual(first.packets.length, 1);
    assert.strictEqual(reader.offset, 44);
    assert.strictEqual(reader.fedBytes, cut);
    const rest = reader.collect(file.subarray(cut), true);
    assert.strictEqual(rest.error, null);
    assert.strictEqual(rest.packets.length, 2);
    assert.strictEqual(rest.packets[0].data.length, 100);
  });

  it('reports a file cut inside a record as truncated-record, keeping every complete packet', () => {
    const file = pcapFile(PACKETS);
    for (const cut of [24 + 20 + 1, 24 + 20 + 15, 24 + 20 + 16 + 99]) {
      const { packets, error } = readAll(file.subarray(0, cut));
      const e = expectError(error, 'truncated-record', 44);
      assert.ok(e.isTruncation);
      assert.strictEqual(packets.length, 1);
    }
  });

  it('reports an empty file and a cut header', () => {
    expectError(readAll(new Uint8Array(0)).error, 'empty-file', 0);
    expectError(readAll(pcapHeader().subarray(0, 3)).error, 'truncated-header', 0);
    expectError(readAll(pcapHeader().subarray(0, 23)).error, 'truncated-header', 0);
    assert.strictEqual(readAll(pcapHeader()).error, null, 'a header alone is a valid empty capture');
  });

  it('rejects a wrong magic, naming the bytes', () => {
    const e = expectError(readAll(new TextEncoder().encode('hello world, not a capture file')).error, 'bad-magic', 0);
    assert.match(e.message, /68 65 6c 6c/);
  });

  it('rejects an unsupported version', () => {
    expectError(readAll(pcapHeader({ version: [3, 0] })).error, 'bad-header', 4);
  });

  it('rejects a record longer than the snapshot length or 262144, at its offset', () => {
    const big = { data: new Uint8Array(70000) };
    const e = expectError(readAll(pcapFile([PACKETS[0], big])).error, 'record-too-long', 44);
    assert.match(e.message, /70000 captured bytes.*snapshot length 65535/);
    const huge = concatBytes(pcapHeader({ snapLen: 0 }), pcapRecord({ data: new Uint8Array(8), capLen: 262145 }));
    expectError(readAll(huge).error, 'record-too-long', 24);
    // 262144 itself is allowed when the snaplen permits it.
    const max = pcapFile([{ data: new Uint8Array(262144) }], { snapLen: 262144 });
    assert.strictEqual(readAll(max, 4096).packets.length, 1);
  });

  it('raises record-too-long as soon as the record header is visible, without buffering the body', () => {
    const reader = new PcapReader();
    const head = concatBytes(pcapHeader(), pcapRecord({ data: new Uint8Array(0), capLen: 0x7fffffff }));
    expectError(reader.collect(head).error, 'record-too-long', 24);
  });

  it('keeps failing with the same error once failed', () => {
    const reader = new PcapReader();
    const r1 = reader.collect(new TextEncoder().encode('garbage!'));
    const r2 = reader.collect(pcapFile(PACKETS));
    assert.ok(r1.error);
    assert.strictEqual(r2.error, r1.error);
    assert.throws(() => reader.finish(), (e: unknown) => e === r1.error);
  });

  it('masks FCS bits out of the link type', () => {
    const file = pcapFile([PACKETS[0]], { linkType: 0x10000000 | 1 });
    assert.strictEqual(readAll(file).packets[0].linkType, 1);
  });

  it('treats snaplen 0 as no limit below 262144', () => {
    const { packets, error } = readAll(pcapFile([{ data: new Uint8Array(70000) }], { snapLen: 0 }));
    assert.strictEqual(error, null);
    assert.strictEqual(packets.length, 1);
  });

  it('reads a growing file through a descriptor, resuming where it stopped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-reader-'));
    const file = path.join(dir, 'grow.pcap');
    try {
      const all = pcapFile(PACKETS);
      fs.writeFileSync(file, all.subarray(0, 30));
      const fd = fs.openSync(file, 'r');
      const reader = new PcapReader();
      let n = 0;
      const count = (): void => { n++; };
      assert.strictEqual(reader.feedFromFd(fd, count, { buffer: new Uint8Array(7) }), 30);
      assert.strictEqual(n, 0);
      fs.appendFileSync(file, all.subarray(30, 100));
      reader.feedFromFd(fd, count, { buffer: new Uint8Array(7) });
      assert.strictEqual(n, 1);
      assert.strictEqual(reader.feedFromFd(fd, count), 0, 'nothing new');
      fs.appendFileSync(file, all.subarray(100));
      reader.feedFromFd(fd, count, { maxBytes: 10 });
      assert.strictEqual(reader.fedBytes, 110);
      reader.feedFromFd(fd, count);
      reader.finish();
      assert.strictEqual(n, 3);
      fs.closeSync(fd);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a read error as an io CaptureError', () => {
    const reader = new PcapReader();
    assert.throws(() => reader.feedFromFd(-1, () => undefined), (e: unknown) => e instanceof CaptureError && e.kind === 'io');
  });
});

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
