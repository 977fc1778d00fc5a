// IPv4 header decoding, including every way its length fields can lie.
import * as assert from 'assert';
import { parseIpv4 } from '../../../../extension/capture/decode/ipv4';
import { MALFORMED, newIpHeader, OK, TRUNCATED } from '../../../../extension/capture/decode/types';
import { bytes, ipv4 } from '../support/packets';

const PAYLOAD = new Uint8Array(12).fill(0xaa);

function parse(b: Uint8Array, wireEnd?: number): [number, ReturnType<typeof newIpHeader>] {
  const h = newIpHeader();
  return [parseIpv4(b, 0, b.length, h, wireEnd), h];
}

describe('capture/decode/ipv4', () => {
  it('decodes a plain header', () => {
    const [st, h] = parse(ipv4({ protocol: 17, payload: PAYLOAD, ttl: 33, id: 0x1234, dontFragment: true }));
    assert.strictEqual(st, OK);
    assert.strictEqual(h.version, 4);
    assert.strictEqual(h.protocol, 17);
    assert.strictEqual(h.headerLength, 20);
    assert.strictEqual(h.payloadStart, 20);
    assert.strictEqual(h.payloadEnd, 32);
    assert.strictEqual(h.payloadLength, 12);
    assert.strictEqual(h.ttl, 33);
    assert.strictEqual(h.ident, 0x1234);
    assert.strictEqual(h.dontFragment, true);
    assert.strictEqual(h.isFragment, false);
    assert.strictEqual(h.srcOffset, 12);
    assert.strictEqual(h.dstOffset, 16);
    assert.strictEqual(h.truncated, false);
  });

  it('skips options', () => {
    const [st, h] = parse(ipv4({ protocol: 6, payload: PAYLOAD, options: bytes(1, 1, 1, 0) }));
    assert.strictEqual(st, OK);
    assert.strictEqual(h.headerLength, 24);
    assert.strictEqual(h.payloadStart, 24);
    assert.strictEqual(h.payloadLength, 12);
  });

  it('flags fragments', () => {
    const [, first] = parse(ipv4({ protocol: 17, payload: PAYLOAD, moreFragments: true }));
    assert.deepStrictEqual([first.isFragment, first.fragOffset, first.moreFragments], [true, 0, true]);
    const [, last] = parse(ipv4({ protocol: 17, payload: PAYLOAD, fragOffset: 1480 }));
    assert.deepStrictEqual([last.isFragment, last.fragOffset, last.moreFragments], [true, 1480, false]);
  });

  it('ignores trailing bytes after the total length (Ethernet padding)', () => {
    const b = new Uint8Array(60);
    b.set(ipv4({ protocol: 6, payload: PAYLOAD }));
    const [st, h] = parse(b);
    assert.strictEqual(st, OK);
    assert.strictEqual(h.payloadEnd, 32);
  });

  it('marks a packet captured shorter than its total length as truncated, not malformed', () => {
    const [st, h] = parse(ipv4({ protocol: 6, payload: PAYLOAD }).subarray(0, 25));
    assert.strictEqual(st, OK);
    assert.strictEqual(h.truncated, true);
    assert.strictEqual(h.payloadEnd, 25);
    assert.strictEqual(h.payloadLength, 12);
  });

  it('believes the total length only up to the wire length, like Wireshark', () => {
    const b = ipv4({ protocol: 6, payload: PAYLOAD, totalLength: 100 });
    const [st, h] = parse(b, b.length);
    assert.strictEqual(st, OK);
    assert.strictEqual(h.payloadLength, 12);
    assert.match(h.lengthProblem ?? '', /total length 100 exceeds the packet's 32 bytes/);
  });

  it('treats total length 0 as TCP segmentation offload: the captured length', () => {
    const [st, h] = parse(ipv4({ protocol: 6, payload: PAYLOAD, totalLength: 0 }));
    assert.strictEqual(st, OK);
    assert.strictEqual(h.payloadLength, 12);
  });

  it('rejects impossible headers', () => {
    const cases: Array<[Uint8Array, number, RegExp]> = [
      [ipv4({ protocol: 6, payload: PAYLOAD }).subarray(0, 19), TRUNCATED, /needs 20 bytes, 19 captured/],
      [new Uint8Array(0), TRUNCATED, /needs 20 bytes, 0 captured/],
      [ipv4({ protocol: 6, payload: PAYLOAD, version: 6 }), MALFORMED, /IP version 6/],
      [ipv4({ protocol: 6, payload: PAYLOAD, headerLength: 16 }), MALFORMED, /header length 16/],
      [ipv4({ protocol: 6, payload: PAYLOAD, totalLength: 19 }), MALFORMED, /total length 19/],
      [ipv4({ protocol: 6, payload: new Uint8Array(0), headerLength: 60, totalLength: 60 }), TRUNCATED, /options cut/],
    ];
    for (const [b, status, re] of cases) {
      const [st, h] = parse(b);
      assert.strictEqual(st, status, h.problem ?? '');
      assert.match(h.problem ?? '', re);
    }
  });

  it('never reads past `end`, even when given a larger buffer', () => {
    const b = ipv4({ protocol: 6, payload: PAYLOAD });
    const h = newIpHeader();
    assert.strictEqual(parseIpv4(b, 0, 10, h), TRUNCATED);
    assert.strictEqual(parseIpv4(b, 5, 3, h), TRUNCATED, 'end before start');
  });
});
