// IPv6 header (RFC 8200) and the extension headers that may sit between it and the upper
// layer: hop-by-hop (0), routing (43), fragment (44), destination options (60), AH (51),
// mobility (135), HIP (139), shim6 (140). Fragments are flagged; a non-first fragment has
// no upper-layer header to decode.
import { u16be, u32be } from '../bytes';
import { DecodeStatus, IpHeader, MALFORMED, OK, TRUNCATED } from './types';

const MAX_EXT_HEADERS = 32;

export function isIpv6ExtensionHeader(nh: number): boolean {
  return nh === 0 || nh === 43 || nh === 44 || nh === 60 || nh === 51 || nh === 135 || nh === 139 || nh === 140;
}

/**
 * Decodes the IPv6 header at b[start], with the captured packet ending at `end`. The
 * payload length is believed only up to `wireEnd` (where the packet ended on the wire), as
 * Wireshark does: socket_wrapper writes the whole packet's length there, 40 bytes too many.
 */
export function parseIpv6(b: Uint8Array, start: number, end: number, out: IpHeader, wireEnd = Infinity): DecodeStatus {
  out.version = 6;
  out.protocol = -1;
  out.ident = 0;
  out.isFragment = false;
  out.fragOffset = 0;
  out.moreFragments = false;
  out.dontFragment = false;
  out.extHeaders = 0;
  out.truncated = false;
  out.problem = null;
  out.lengthProblem = null;
  out.srcOffset = start + 8;
  out.dstOffset = start + 24;
  const avail = end - start;
  if (avail < 40) {
    out.truncated = true;
    out.problem = `IPv6 header needs 40 bytes, ${avail < 0 ? 0 : avail} captured`;
    return TRUNCATED;
  }
  const v = b[start] >> 4;
  if (v !== 6) {
    out.problem = `IP version ${v} in an IPv6 header`;
    return MALFORMED;
  }
  const plen = u16be(b, start + 4);
  let nh = b[start + 6];
  out.ttl = b[start + 7];
  // Payload length 0 with a hop-by-hop header is a jumbogram: the length is in an option,
  // so the captured length is the best bound available.
  const jumbo = plen === 0 && nh === 0;
  let claimedEnd = jumbo ? Math.max(end, start + 40) : start + 40 + plen;
  if (claimedEnd > wireEnd && wireEnd >= start + 40) {
    out.lengthProblem = `IPv6 payload length ${plen} exceeds the packet's ${wireEnd - start - 40} bytes after the header`;
    claimedEnd = wireEnd;
  }
  out.truncated = claimedEnd > end;
  const limit = out.truncated ? end : claimedEnd;
  let p = start + 40;
  while (isIpv6ExtensionHeader(nh)) {
    if (out.extHeaders >= MAX_EXT_HEADERS) {
      return ext(out, start, p, limit, nh, MALFORMED, `more than ${MAX_EXT_HEADERS} IPv6 extension headers`);
    }
    if (p + 8 > claimedEnd) {
      return ext(out, start, p, limit, nh, MALFORMED, `IPv6 extension header ${nh} runs past the payload length`);
    }
    if (p + 2 > end) return ext(out, start, p, limit, nh, TRUNCATED, `IPv6 extension header ${nh} not captured`);
    let len: number;
    if (nh === 44) {
      len = 8;
      if (p + 8 > end) return ext(out, start, p, limit, nh, TRUNCATED, 'IPv6 fragment header not captured');
      const off = u16be(b, p + 2);
      out.fragOffset = off & 0xfff8;
      out.moreFragments = (off & 1) !== 0;
      out.ident = u32be(b, p + 4);
      out.isFragment = true;
    } else {
      len = nh === 51 ? (b[p + 1] + 2) * 4 : (b[p + 1] + 1) * 8;
    }
    if (p + len > claimedEnd) {
      return ext(out, start, p, limit, nh, MALFORMED, `IPv6 extension header ${nh} (${len} bytes) runs past the payload length`);
    }
    if (p + len > end) return ext(out, start, p, limit, nh, TRUNCATED, `IPv6 extension header ${nh} (${len} bytes) not fully captured`);
    nh = b[p];
    p += len;
    out.extHeaders++;
    // Past a non-first fragment the bytes are the middle of someone else's payload.
    if (out.fragOffset !== 0) break;
  }
  out.protocol = nh;
  out.headerLength = p - start;
  out.payloadStart = p;
  out.payloadEnd = limit;
  out.payloadLength = claimedEnd - p;
  return OK;
}

function ext(out: IpHeader, start: number, p: number, limit: number, nh: number, status: DecodeStatus, problem: string): DecodeStatus {
  out.protocol = nh;
  out.headerLength = p - start;
  out.payloadStart = p;
  out.payloadEnd = p > limit ? p : limit;
  out.payloadLength = 0;
  out.problem = problem;
  if (status === TRUNCATED) out.truncated = true;
  return status;
}
