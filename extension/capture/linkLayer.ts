// Link-layer headers in front of IP: where the IP header starts and which network protocol
// it is. Raw IP (101, and the old DLT_RAW values 12/14), raw IPv4/IPv6 (228/229), Ethernet
// with any number of 802.1Q/802.1ad tags (1), Linux cooked SLL (113) and SLL2 (276), BSD
// null/loopback (0, host byte order) and OpenBSD loop (108, network byte order).
import { u16be, u32be, u32le } from './bytes';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const MAX_VLAN_TAGS = 8;

/** What locateNetwork found; reused across packets. */
export interface LinkLayer {
  /** 4 or 6 when an IP header follows, 0 otherwise. */
  family: 0 | 4 | 6;
  /** Offset of the network header from the start of the packet. */
  offset: number;
  /** The ethertype (or address family for null/loop) that was found; -1 when none. */
  etherType: number;
  /** Why no network layer was found, when family is 0 and it is not just another protocol. */
  problem: string | null;
}

export function newLinkLayer(): LinkLayer {
  return { family: 0, offset: 0, etherType: -1, problem: null };
}

/** Human name of a link type for summaries. */
export function linkTypeName(linkType: number): string {
  switch (linkType) {
    case LINKTYPE_NULL: return 'BSD loopback';
    case LINKTYPE_ETHERNET: return 'Ethernet';
    case LINKTYPE_RAW: case 12: case 14: return 'raw IP';
    case LINKTYPE_LOOP: return 'OpenBSD loopback';
    case LINKTYPE_LINUX_SLL: return 'Linux cooked (SLL)';
    case LINKTYPE_IPV4: return 'raw IPv4';
    case LINKTYPE_IPV6: return 'raw IPv6';
    case LINKTYPE_LINUX_SLL2: return 'Linux cooked v2 (SLL2)';
    default: return `link type ${linkType}`;
  }
}

/**
 * Finds the network header in b[start, end) (one captured packet) for `linkType`.
 * Always fills `out`; returns true when an IPv4 or IPv6 header should follow.
 */
export function locateNetwork(linkType: number, b: Uint8Array, start: number, end: number, out: LinkLayer): boolean {
  out.family = 0;
  out.offset = 0;
  out.etherType = -1;
  out.problem = null;
  const len = end - start;
  switch (linkType) {
    case LINKTYPE_RAW:
    case 12:
    case 14: {
      if (len < 1) return short(out, 'raw IP', 1, len);
      const v = b[start] >> 4;
      out.etherType = v === 4 ? ETHERTYPE_IPV4 : v === 6 ? ETHERTYPE_IPV6 : -1;
      if (out.etherType === -1) out.problem = `raw IP packet with IP version ${v}`;
      return fromEtherType(out, 0);
    }
    case LINKTYPE_IPV4:
      out.family = 4;
      out.etherType = ETHERTYPE_IPV4;
      return true;
    case LINKTYPE_IPV6:
      out.family = 6;
      out.etherType = ETHERTYPE_IPV6;
      return true;
    case LINKTYPE_ETHERNET: {
      if (len < 14) return short(out, 'Ethernet', 14, len);
      let off = 12;
      let type = u16be(b, start + off);
      let tags = 0;
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100 || type === 0x9200) && tags < MAX_VLAN_TAGS) {
        if (len < off + 6) return short(out, 'VLAN tag', off + 6, len);
        off += 4;
        type = u16be(b, start + off);
        tags++;
      }
      out.etherType = type;
      // Values below 1536 are 802.3 lengths (LLC follows), not ethertypes.
      return fromEtherType(out, off + 2);
    }
    case LINKTYPE_LINUX_SLL:
      if (len < 16) return short(out, 'Linux cooked header', 16, len);
      out.etherType = u16be(b, start + 14);
      return fromEtherType(out, 16);
    case LINKTYPE_LINUX_SLL2:
      if (len < 20) return short(out, 'Linux cooked v2 header', 20, len);
      out.etherType = u16be(b, start);
      return fromEtherType(out, 20);
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
      if (len < 4) return short(out, 'loopback header', 4, len);
      // DLT_NULL is in the writer's byte order: the small value is the right reading.
      const le = u32le(b, start);
      const af = linkType === LINKTYPE_LOOP ? u32be(b, start) : le < 0x10000 ? le : u32be(b, start);
      out.etherType = af;
      out.offset = 4;
      if (af === 2) out.family = 4;
      else if (af === 10 || af === 24 || af === 28 || af === 30) out.family = 6;
      return out.family !== 0;
    }
    default:
      out.problem = `unsupported link type ${linkType}`;
      return false;
  }
}

function fromEtherType(out: LinkLayer, offset: number): boolean {
  out.offset = offset;
  if (out.etherType === ETHERTYPE_IPV4) out.family = 4;
  else if (out.etherType === ETHERTYPE_IPV6) out.family = 6;
  return out.family !== 0;
}

function short(out: LinkLayer, what: string, need: number, have: number): boolean {
  out.problem = `${what} needs ${need} bytes, ${have} captured`;
  return false;
}

/** Lower-case protocol name for a non-IP ethertype, as a packet's `proto`. */
export function etherTypeName(etherType: number): string {
  switch (etherType) {
    case 0x0806: return 'arp';
    case 0x8035: return 'rarp';
    case 0x88cc: return 'lldp';
    case 0x8863: case 0x8864: return 'pppoe';
    case 0x8847: case 0x8848: return 'mpls';
    case 0x888e: return 'eapol';
    default: return etherType >= 0 && etherType < 1536 ? 'llc' : etherType >= 0 ? `ethertype-0x${etherType.toString(16).padStart(4, '0')}` : 'unknown';
  }
}
