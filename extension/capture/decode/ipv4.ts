// IPv4 header (RFC 791). Reads nothing before checking it was captured; lengths from the
// header are trusted only as far as the capture and each other allow.
import { u16be } from '../bytes';
import { DecodeStatus, IpHeader, MALFORMED, OK, TRUNCATED } from './types';

/**
 * Decodes the IPv4 header at b[start], with the captured packet ending at `end`. The total
 * length is believed only up to `wireEnd` (where the packet ended on the wire), as Wireshark
 * does; a larger claim is noted in `lengthProblem`.
 */
export function parseIpv4(b: Uint8Array, start: number, end: number, out: IpHeader, wireEnd = Infinity): DecodeStatus {
  out.version = 4;
  out.protocol = -1;
  out.isFragment = false;
  out.fragOffset = 0;
  out.moreFragments = false;
  out.dontFragment = false;
  out.extHeaders = 0;
  out.truncated = false;
  out.problem = null;
  out.lengthProblem = null;
  out.srcOffset = start + 12;
  out.dstOffset = start + 16;
  const avail = end - start;
  if (avail < 20) {
    out.truncated = true;
    out.problem = `IPv4 header needs 20 bytes, ${avail < 0 ? 0 : avail} captured`;
    return TRUNCATED;
  }
  const vihl = b[start];
  if (vihl >> 4 !== 4) {
    out.problem = `IP version ${vihl >> 4} in an IPv4 header`;
    return MALFORMED;
  }
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20) {
    out.problem = `bogus IPv4 header length ${ihl} (less than 20)`;
    return MALFORMED;
  }
  let total = u16be(b, start + 2);
  // Total length 0 is what TCP segmentation offload leaves in locally captured packets.
  if (total === 0) total = avail;
  if (total < ihl) {
    out.problem = `bogus IPv4 total length ${total} (less than the header length ${ihl})`;
    return MALFORMED;
  }
  const ff = u16be(b, start + 6);
  out.ident = u16be(b, start + 4);
  out.dontFragment = (ff & 0x4000) !== 0;
  out.moreFragments = (ff & 0x2000) !== 0;
  out.fragOffset = (ff & 0x1fff) * 8;
  out.isFragment = out.moreFragments || out.fragOffset !== 0;
  out.ttl = b[start + 8];
  out.protocol = b[start + 9];
  out.headerLength = ihl;
  out.payloadLength = total - ihl;
  out.payloadStart = start + ihl;
  let claimedEnd = start + total;
  if (claimedEnd > wireEnd && wireEnd >= start + ihl) {
    out.lengthProblem = `IPv4 total length ${total} exceeds the packet's ${wireEnd - start} bytes`;
    claimedEnd = wireEnd;
    out.payloadLength = claimedEnd - out.payloadStart;
  }
  out.truncated = claimedEnd > end;
  out.payloadEnd = out.truncated ? end : claimedEnd;
  if (ihl > avail) {
    out.payloadEnd = out.payloadStart;
    out.problem = `IPv4 options cut: header is ${ihl} bytes, ${avail} captured`;
    return TRUNCATED;
  }
  return OK;
}
