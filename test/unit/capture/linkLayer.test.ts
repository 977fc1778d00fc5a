// Link-layer headers: where the IP header starts for each supported link type, and what
// happens with cut or foreign frames.
import * as assert from 'assert';
import { etherTypeName, linkTypeName, locateNetwork, newLinkLayer } from '../../../extension/capture/linkLayer';
import { bytes, ethernet, nullLink, sll, sll2 } from './support/packets';

const IP4 = bytes(0x45, 0, 0, 20);
const IP6 = bytes(0x60, 0, 0, 0);

function locate(linkType: number, b: Uint8Array): [boolean, number, number, number, string | null] {
  const out = newLinkLayer();
  const ok = locateNetwork(linkType, b, 0, b.length, out);
  return [ok, out.family, out.offset, out.etherType, out.problem];
}

describe('capture/linkLayer', () => {
  it('raw IP (101, 12, 14) takes the version from the first nibble', () => {
    for (const lt of [101, 12, 14]) {
      assert.deepStrictEqual(locate(lt, IP4).slice(0, 3), [true, 4, 0]);
      assert.deepStrictEqual(locate(lt, IP6).slice(0, 3), [true, 6, 0]);
    }
    const bad = locate(101, bytes(0x50));
    assert.strictEqual(bad[0], false);
    assert.match(bad[4] ?? '', /IP version 5/);
    assert.match(locate(101, new Uint8Array(0))[4] ?? '', /needs 1 bytes, 0 captured/);
  });

  it('raw IPv4 (228) and IPv6 (229) need no look at the bytes', () => {
    assert.deepStrictEqual(locate(228, new Uint8Array(0)).slice(0, 3), [true, 4, 0]);
    assert.deepStrictEqual(locate(229, new Uint8Array(0)).slice(0, 3), [true, 6, 0]);
  });

  it('Ethernet, with 802.1Q and 802.1ad tags, and non-IP ethertypes', () => {
    assert.deepStrictEqual(locate(1, ethernet(0x0800, IP4)).slice(0, 3), [true, 4, 14]);
    assert.deepStrictEqual(locate(1, ethernet(0x86dd, IP6, [10])).slice(0, 3), [true, 6, 18]);
    assert.deepStrictEqual(locate(1, ethernet(0x0800, IP4, [10, 20])).slice(0, 3), [true, 4, 22]);
    const arp = locate(1, ethernet(0x0806, new Uint8Array(28)));
    assert.deepStrictEqual(arp.slice(0, 5), [false, 0, 14, 0x0806, null]);
    assert.strictEqual(etherTypeName(0x0806), 'arp');
    assert.strictEqual(etherTypeName(100), 'llc');
    assert.strictEqual(etherTypeName(0x1234), 'ethertype-0x1234');
    assert.match(locate(1, new Uint8Array(13))[4] ?? '', /Ethernet needs 14/);
    // A VLAN tag cut off after the TPID.
    assert.match(locate(1, ethernet(0x0800, new Uint8Array(0), [5]).subarray(0, 15))[4] ?? '', /VLAN tag/);
  });

  it('stops after 8 VLAN tags instead of looping on a hostile frame', () => {
    const frame = ethernet(0x8100, new Uint8Array(64), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const r = locate(1, frame);
    assert.strictEqual(r[0], false);
    assert.strictEqual(r[2], 12 + 8 * 4 + 2);
  });

  it('Linux cooked SLL (113) and SLL2 (276)', () => {
    assert.deepStrictEqual(locate(113, sll(0x0800, IP4)).slice(0, 3), [true, 4, 16]);
    assert.deepStrictEqual(locate(276, sll2(0x86dd, IP6)).slice(0, 3), [true, 6, 20]);
    assert.strictEqual(locate(113, new Uint8Array(15))[0], false);
    assert.strictEqual(locate(276, new Uint8Array(19))[0], false);
  });

  it('BSD null (0) in either byte order with every AF_INET6 value, and OpenBSD loop (108)', () => {
    assert.deepStrictEqual(locate(0, nullLink(2, IP4, true)).slice(0, 3), [true, 4, 4]);
    assert.deepStrictEqual(locate(0, nullLink(2, IP4, false)).slice(0, 3), [true, 4, 4]);
    for (const af of [10, 24, 28, 30]) assert.deepStrictEqual(locate(0, nullLink(af, IP6, af % 2 === 0)).slice(0, 3), [true, 6, 4]);
    assert.deepStrictEqual(locate(108, nullLink(2, IP4, false)).slice(0, 3), [true, 4, 4]);
    assert.strictEqual(locate(0, nullLink(7, IP4))[0], false);
    assert.strictEqual(locate(0, bytes(2, 0))[0], false);
  });

  it('names link types and refuses unknown ones', () => {
    assert.strictEqual(linkTypeName(101), 'raw IP');
    assert.strictEqual(linkTypeName(999), 'link type 999');
    assert.match(locate(999, IP4)[4] ?? '', /unsupported link type 999/);
  });
});
