// Address text as Wireshark (glibc inet_ntop) writes it.
import * as assert from 'assert';
import { formatIpv4, formatIpv6, formatIpWords } from '../../../extension/capture/decode/address';
import { v6 } from './support/packets';

function six(words: number[]): string {
  const b = new Uint8Array(16);
  words.forEach((w, i) => { b[2 * i] = w >>> 8; b[2 * i + 1] = w & 0xff; });
  return formatIpv6(b, 0);
}

describe('capture/decode/address', () => {
  it('formats IPv4 dotted', () => {
    assert.strictEqual(formatIpv4(Uint8Array.from([0, 127, 0, 0, 11]), 1), '127.0.0.11');
    assert.strictEqual(formatIpv4(Uint8Array.from([255, 255, 255, 255]), 0), '255.255.255.255');
  });

  it('formats IPv6 like inet_ntop (RFC 5952 compression, lower case)', () => {
    const cases: Array<[number[], string]> = [
      [[0xfd00, 0, 0, 0, 0, 0, 0x5357, 0x5f0a], 'fd00::5357:5f0a'],
      [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
      [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
      [[1, 0, 0, 0, 0, 0, 0, 0], '1::'],
      [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'], // first of two equal runs
      [[0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], '2001:db8:0:1::1'], // longest run wins
      [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'], // a single zero stays
      [[0x2001, 0xDB8, 0xABCD, 0, 0, 0, 0, 0xEF], '2001:db8:abcd::ef'],
      [[0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], '::ffff:1.2.3.4'],
      [[0, 0, 0, 0, 0, 0, 0x0102, 0x0304], '::1.2.3.4'],
      [[0, 0, 0, 0, 0, 0, 0, 0x0102], '::102'],
      [[0xfe80, 0, 0, 0, 0x1, 0x2, 0x3, 0x4], 'fe80::1:2:3:4'],
    ];
    for (const [words, text] of cases) assert.strictEqual(six(words), text);
  });

  it('round-trips through the test parser', () => {
    for (const a of ['fd00::5357:5f0a', '2001:db8::1', '::', 'fe80::1:2:3:4', '1:2:3:4:5:6:7:8']) assert.strictEqual(formatIpv6(v6(a), 0), a);
  });

  it('formats addresses held as 32-bit words', () => {
    assert.strictEqual(formatIpWords([0x7f00000a], 0, 4), '127.0.0.10');
    assert.strictEqual(formatIpWords([9, 0xfd000000, 0, 0, 0x53575f0a], 1, 6), 'fd00::5357:5f0a');
  });
});
