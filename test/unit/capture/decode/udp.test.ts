// UDP header and Info text.
import * as assert from 'assert';
import { MALFORMED, newUdpHeader, OK, TRUNCATED } from '../../../../extension/capture/decode/types';
import { parseUdp, udpInfo } from '../../../../extension/capture/decode/udp';
import { bytes, udp } from '../support/packets';

function parse(b: Uint8Array, claimed = b.length): [number, ReturnType<typeof newUdpHeader>] {
  const h = newUdpHeader();
  return [parseUdp(b, 0, b.length, claimed, h), h];
}

describe('capture/decode/udp', () => {
  it('decodes ports and length', () => {
    const [st, h] = parse(udp({ sport: 19061, dport: 9999, payload: bytes(0x78) }));
    assert.strictEqual(st, OK);
    assert.deepStrictEqual([h.sport, h.dport, h.length, h.payloadStart, h.payloadLength], [19061, 9999, 9, 8, 1]);
    assert.strictEqual(udpInfo(h, false, 9), '19061 → 9999 Len=1');
    assert.strictEqual(udpInfo(h, true, 9), '19061 → 9999 Len=1 [ILLEGAL CHECKSUM (0)]');
    const [, sum] = parse(udp({ sport: 1, dport: 2, checksum: 0x1234 }));
    assert.strictEqual(udpInfo(sum, true, 8), '1 → 2 Len=0');
  });

  it('flags a length beyond the IP payload the way Wireshark does', () => {
    const [st, h] = parse(udp({ sport: 1, dport: 2, payload: bytes(1, 2, 3), length: 40 }));
    assert.strictEqual(st, MALFORMED);
    assert.strictEqual(h.payloadLength, 32);
    assert.strictEqual(udpInfo(h, false, 11), '1 → 2 [BAD UDP LENGTH 40 > IP PAYLOAD LENGTH] Len=32');
  });

  it('rejects lengths below 8 and tells cut headers from short datagrams', () => {
    assert.strictEqual(parse(udp({ sport: 1, dport: 2, length: 7 }))[0], MALFORMED);
    const [st1, h1] = parse(udp({ sport: 1, dport: 2 }).subarray(0, 5), 8);
    assert.strictEqual(st1, TRUNCATED);
    assert.deepStrictEqual([h1.sport, h1.dport], [1, 2]);
    assert.strictEqual(parse(udp({ sport: 1, dport: 2 }).subarray(0, 5), 5)[0], MALFORMED);
    const [, h3] = parse(new Uint8Array(2), 8);
    assert.deepStrictEqual([h3.sport, h3.dport], [-1, -1]);
  });
});
