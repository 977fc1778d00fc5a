import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { countCaptureRecords } from '../../../extension/launch/captureCount';

function globalHeader(littleEndian = true): Buffer {
  const b = Buffer.alloc(24);
  if (littleEndian) {
    b.writeUInt32LE(0xa1b2c3d4, 0);
    b.writeUInt16LE(2, 4);
    b.writeUInt16LE(4, 6);
    b.writeUInt32LE(262144, 16);
    b.writeUInt32LE(101, 20);
  } else {
    b.writeUInt32BE(0xa1b2c3d4, 0);
    b.writeUInt16BE(2, 4);
    b.writeUInt16BE(4, 6);
    b.writeUInt32BE(262144, 16);
    b.writeUInt32BE(101, 20);
  }
  return b;
}

function record(length: number, littleEndian = true): Buffer {
  const b = Buffer.alloc(16 + length, 0x45);
  const w = littleEndian ? b.writeUInt32LE.bind(b) : b.writeUInt32BE.bind(b);
  w(1, 0);
  w(0, 4);
  w(length, 8);
  w(length, 12);
  return b;
}

describe('countCaptureRecords', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swd-count-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is 0 before socket_wrapper created the file', () => {
    assert.strictEqual(countCaptureRecords(path.join(dir, 'missing.pcap')), 0);
  });

  it('counts complete records as the file grows, ignoring a partial tail', () => {
    const file = path.join(dir, 'grow.pcap');
    fs.writeFileSync(file, Buffer.concat([globalHeader(), record(40), record(60)]));
    assert.strictEqual(countCaptureRecords(file), 2);
    const third = record(100);
    fs.appendFileSync(file, third.subarray(0, 30));
    assert.strictEqual(countCaptureRecords(file), 2);
    fs.appendFileSync(file, third.subarray(30));
    fs.appendFileSync(file, record(1500));
    assert.strictEqual(countCaptureRecords(file), 4);
  });

  it('reads big-endian captures', () => {
    const file = path.join(dir, 'be.pcap');
    fs.writeFileSync(file, Buffer.concat([globalHeader(false), record(40, false), record(41, false)]));
    assert.strictEqual(countCaptureRecords(file), 2);
  });

  it('starts over when the file was replaced by a shorter one', () => {
    const file = path.join(dir, 'replaced.pcap');
    fs.writeFileSync(file, Buffer.concat([globalHeader(), record(400), record(400)]));
    assert.strictEqual(countCaptureRecords(file), 2);
    fs.writeFileSync(file, Buffer.concat([globalHeader(), record(10)]));
    assert.strictEqual(countCaptureRecords(file), 1);
  });

  it('is undefined for something that is not a classic pcap or is corrupt', () => {
    const file = path.join(dir, 'bad.pcap');
    fs.writeFileSync(file, Buffer.alloc(64, 0x41));
    assert.strictEqual(countCaptureRecords(file), undefined);
    const corrupt = path.join(dir, 'corrupt.pcap');
    const huge = record(8);
    huge.writeUInt32LE(10_000_000, 8);
    fs.writeFileSync(corrupt, Buffer.concat([globalHeader(), huge]));
    assert.strictEqual(countCaptureRecords(corrupt), undefined);
  });
});
