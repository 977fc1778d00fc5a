// ICMP and ICMPv6: echo, errors with their quoted headers, and Info text.
import * as assert from 'assert';
import { icmpInfo, parseIcmp } from '../../../../extension/capture/decode/icmp';
import { icmpv6Info, parseIcmpv6 } from '../../../../extension/capture/decode/icmpv6';
import { MALFORMED, newIcmpHeader, OK, TRUNCATED } from '../../../../extension/capture/decode/types';
import { bytes, echoRest, icmp } from '../support/packets';

describe('capture/decode/icmp', () => {
  it('decodes echo request and reply with Wireshark\'s padded Info', () => {
    const h = newIcmpHeader();
    const req = icmp({ type: 8, rest: echoRest(0x1234, 1), payload: new Uint8Array(8) });
    assert.strictEqual(parseIcmp(req, 0, req.length, req.length, h), OK);
    assert.deepStrictEqual([h.type, h.code, h.echoId, h.echoSeq, h.quotedStart, h.payloadLength], [8, 0, 0x1234, 1, -1, 8]);
    assert.strictEqual(icmpInfo(h, 64), 'Echo (ping) request  id=0x1234, seq=1/256, ttl=64');
    const rep = icmp({ type: 0, rest: echoRest(0x1234, 1) });
    parseIcmp(rep, 0, rep.length, rep.length, h);
    assert.strictEqual(icmpInfo(h, 64), 'Echo (ping) reply    id=0x1234, seq=1/256, ttl=64');
  });

  it('points at the quoted IP header of error messages', () => {
    const h = newIcmpHeader();
    const m = icmp({ type: 3, code: 3, payload: new Uint8Array(28) });
    assert.strictEqual(parseIcmp(m, 0, m.length, m.length, h), OK);
    assert.strictEqual(h.quotedStart, 8);
    assert.strictEqual(icmpInfo(h, 64), 'Destination unreachable (Port unreachable)');
    parseIcmp(icmp({ type: 3, code: 1 }), 0, 8, 8, h);
    assert.strictEqual(h.quotedStart, -1, 'nothing quoted');
    assert.strictEqual(icmpInfo(h, 1), 'Destination unreachable (Host unreachable)');
    parseIcmp(icmp({ type: 11 }), 0, 8, 8, h);
    assert.strictEqual(icmpInfo(h, 1), 'Time-to-live exceeded (Time to live exceeded in transit)');
    parseIcmp(icmp({ type: 3, code: 99 }), 0, 8, 8, h);
    assert.strictEqual(icmpInfo(h, 1), 'Destination unreachable (Unknown code 99)');
    parseIcmp(icmp({ type: 200 }), 0, 8, 8, h);
    assert.match(icmpInfo(h, 1), /type 200/);
  });

  it('tells cut headers from short messages', () => {
    const h = newIcmpHeader();
    assert.strictEqual(parseIcmp(bytes(8, 0, 0), 0, 3, 8, h), TRUNCATED);
    assert.deepStrictEqual([h.type, h.code], [8, 0]);
    assert.strictEqual(parseIcmp(bytes(8, 0, 0), 0, 3, 3, h), MALFORMED);
    assert.strictEqual(parseIcmp(bytes(8, 0, 0, 0, 1), 0, 5, 8, h), TRUNCATED, 'echo id/seq cut');
    assert.strictEqual(parseIcmp(bytes(8, 0, 0, 0, 1), 0, 5, 5, h), MALFORMED);
    assert.strictEqual(parseIcmp(new Uint8Array(0), 0, 0, 8, h), TRUNCATED);
    assert.deepStrictEqual([h.type, h.code], [-1, -1]);
  });
});

describe('capture/decode/icmpv6', () => {
  it('decodes echo and errors', () => {
    const h = newIcmpHeader();
    const req = icmp({ type: 128, rest: echoRest(0x1234, 1) });
    assert.strictEqual(parseIcmpv6(req, 0, 8, 8, h), OK);
    assert.strictEqual(icmpv6Info(h, 64), 'Echo (ping) request id=0x1234, seq=1, hop limit=64');
    const un = icmp({ type: 1, code: 3, payload: new Uint8Array(48) });
    parseIcmpv6(un, 0, un.length, un.length, h);
    assert.strictEqual(h.quotedStart, 8);
    assert.strictEqual(icmpv6Info(h, 0), 'Destination Unreachable (Address unreachable)');
    parseIcmpv6(icmp({ type: 2 }), 0, 8, 8, h);
    assert.strictEqual(icmpv6Info(h, 0), 'Packet Too Big');
    parseIcmpv6(icmp({ type: 135 }), 0, 8, 8, h);
    assert.strictEqual(h.quotedStart, -1);
    assert.strictEqual(icmpv6Info(h, 255), 'Neighbor Solicitation');
  });
});
