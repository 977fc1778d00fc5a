// Is this a socket_wrapper capture, and should de-duplication be on by default? Three
// signs, all required: every interface is raw IP (link type 101, what socket_wrapper
// writes), every address is in an emulated network (127.0.0.x or 10.53.57.x for IPv4,
// fd00::5357:5fxx for IPv6, plus the 0.0.0.0/:: an auto-bound client's SYN carries), and
// mirrored pairs exist (both ends wrapped and writing to this file). Other captures keep
// every packet: a real network capture has no mirrored copies to hide.
import type { CaptureFile } from '../captureFile';
import { LINKTYPE_RAW } from '../linkLayer';

export interface SocketWrapperDetection {
  /** Raw IP and only emulated addresses. */
  readonly socketWrapper: boolean;
  /** Pairs of mirrored records were found. */
  readonly mirrored: boolean;
  /** Hide received copies unless the user says otherwise. */
  readonly dedupeByDefault: boolean;
  /** Why not, in words (empty when it is). */
  readonly reason: string;
}

/** Whether `addr` (address text as flows print it) is one socket_wrapper can emulate. */
export function isEmulatedAddress(addr: string): boolean {
  if (addr === '0.0.0.0' || addr === '::') return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addr);
  if (v4 !== null) return (v4[1] === '127' && v4[2] === '0' && v4[3] === '0') || (v4[1] === '10' && v4[2] === '53' && v4[3] === '57');
  return /^fd00::5357:5f[0-9a-f]{1,2}$/.test(addr.toLowerCase());
}

/** `pairs`: mirrored pairs found so far (MirrorMatcher.pairCount). */
export function detectSocketWrapper(capture: CaptureFile, pairs: number): SocketWrapperDetection {
  const no = (reason: string, socketWrapper = false): SocketWrapperDetection =>
    ({ socketWrapper, mirrored: pairs > 0, dedupeByDefault: false, reason });
  const ifaces = capture.interfaces;
  if (ifaces.length === 0) return no('no capture interface yet');
  if (ifaces.some((i) => i.linkType !== LINKTYPE_RAW)) return no('not raw IP (socket_wrapper writes link type 101)');
  const flows = capture.flows.flows();
  if (flows.length === 0) return no('no IP packets yet');
  const foreign = flows.find((f) => !isEmulatedAddress(f.client.addr) || !isEmulatedAddress(f.server.addr));
  if (foreign !== undefined) return no(`address outside socket_wrapper's networks (${isEmulatedAddress(foreign.client.addr) ? foreign.server.addr : foreign.client.addr})`);
  if (pairs === 0) return no('no mirrored records: only one end of each conversation writes to this file', true);
  return { socketWrapper: true, mirrored: true, dedupeByDefault: true, reason: '' };
}
