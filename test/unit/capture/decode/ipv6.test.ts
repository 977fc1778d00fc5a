// IPv6 header and extension-header walking, fragments, and hostile chains.
import * as assert from 'assert';
import { parseIpv6 } from '../../../../extension/capture/decode/ipv6';
import { MALFORMED, newIpHeader, OK, TRUNCATED } from '../../../../extension/capture/decode/types';
import { bytes, concat, extBody, fragmentBody, ipv6 } from '../support/packets';

const PAYLOAD = new Uint8Array(8).fill(0xbb);

function parse(b: Uint8Array, wireEnd?: number): [number, ReturnType<typeof newIpHeader>] {
  const h = newIpHeader();
  return [parseIpv6(b, 0, b.length, h, wireEnd), h];
}

describe('capture/decode/ipv6', () => {
  it('decodes a plain header', () => {
    const [st, h] = parse(ipv6({ nextHeader: 17, payload: PAYLOAD, hopLimit: 9 }));
    assert.strictEqual(st, OK);
    assert.deepStrictEqual([h.version, h.protocol, h.headerLength, h.payloadStart, h.payloadEnd, h.payloadLength, h.ttl],
      [6, 17, 40, 40, 48, 8, 9]);
    assert.deepStrictEqual([h.srcOffset, h.dstOffset, h.isFragment, h.extHeaders], [8, 24, false, 0]);
  });

  it('walks hop-by-hop, routing, destination options and AH to the upper layer', () => {
    const ah = concat(bytes(1), new Uint8Array(10)); // AH: (1 + 2) * 4 = 12 bytes
    const b = ipv6({ nextHeader: 6, payload: PAYLOAD, ext: [
      { type: 0, body: extBody(0) }, { type: 43, body: extBody(1) }, { type: 60, body: extBody(0) }, { type: 51, body: ah },
    ] });
    const [st, h] = parse(b);
    assert.strictEqual(st, OK);
    assert.strictEqual(h.protocol, 6);
    assert.strictEqual(h.extHeaders, 4);
    assert.strictEqual(h.headerLength, 40 + 8 + 16 + 8 + 12);
    assert.strictEqual(h.payloadLength, 8);
  });

  it('flags a first fragment and stops after a non-first one', () => {
    const [st1, first] = parse(ipv6({ nextHeader: 17, payload: PAYLOAD, ext: [{ type: 44, body: fragmentBody(0, true, 0xabcd) }] }));
    assert.strictEqual(st1, OK);
    assert.deepStrictEqual([first.isFragment, first.fragOffset, first.moreFragments, first.ident, first.protocol], [true, 0, true, 0xabcd, 17]);
    const [st2, later] = parse(ipv6({ nextHeader: 17, payload: PAYLOAD, ext: [{ type: 44, body: fragmentBody(1232, false, 7) }, { type: 60, body: extBody(0) }] }));
    assert.strictEqual(st2, OK);
    assert.deepStrictEqual([later.isFragment, later.fragOffset, later.protocol, later.extHeaders], [true, 1232, 60, 1]);
  });

  it('clamps a payload length that exceeds the wire length (socket_wrapper writes the whole length there)', () => {
    const b = ipv6({ nextHeader: 6, payload: new Uint8Array(20), payloadLength: 60 });
    const [st, h] = parse(b, b.length);
    assert.strictEqual(st, OK);
    assert.strictEqual(h.payloadLength, 20);
    assert.strictEqual(h.truncated, false);
    assert.match(h.lengthProblem ?? '', /payload length 60 exceeds/);
  });

  it('treats payload length 0 with hop-by-hop as a jumbogram', () => {
    const b = ipv6({ nextHeader: 17, payload: PAYLOAD, payloadLength: 0, ext: [{ type: 0, body: extBody(0) }] });
    const [st, h] = parse(b);
    assert.strictEqual(st, OK);
    assert.strictEqual(h.payloadLength, 8);
  });

  it('rejects bad versions, cut and runaway extension chains', () => {
    const [stV, hV] = parse(ipv6({ nextHeader: 17, payload: PAYLOAD, version: 4 }));
    assert.strictEqual(stV, MALFORMED);
    assert.match(hV.problem ?? '', /IP version 4/);
    assert.strictEqual(parse(new Uint8Array(39))[0], TRUNCATED);
    // Extension header longer than the payload length says.
    const [stL, hL] = parse(ipv6({ nextHeader: 17, payload: new Uint8Array(0), ext: [{ type: 60, body: extBody(4) }], payloadLength: 16 }));
    assert.strictEqual(stL, MALFORMED);
    assert.match(hL.problem ?? '', /runs past the payload length/);
    // Extension header cut by the capture.
    const full = ipv6({ nextHeader: 17, payload: PAYLOAD, ext: [{ type: 43, body: extBody(2) }] });
    const [stC, hC] = parse(full.subarray(0, 50));
    assert.strictEqual(stC, TRUNCATED);
    assert.strictEqual(hC.truncated, true);
    const [stF] = parse(ipv6({ nextHeader: 17, payload: PAYLOAD, ext: [{ type: 44, body: fragmentBody(0, true, 1) }] }).subarray(0, 44));
    assert.strictEqual(stF, TRUNCATED);
    // 40 chained destination-options headers.
    const many = Array.from({ length: 40 }, () => ({ type: 60, body: extBody(0) }));
    const [stM, hM] = parse(ipv6({ nextHeader: 17, payload: PAYLOAD, ext: many }));
    assert.strictEqual(stM, MALFORMED);
    assert.match(hM.problem ?? '', /more than 32/);
  });
});
