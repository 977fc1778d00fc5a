// Loads the captured fixtures: real sock_diag answers of the addon (sockdiag-*.json) and a
// real /proc/net/unix excerpt, recorded from python3 programs under libsocket_wrapper.
//   sockdiag-tcp-udp-ipv6.json: server (iface 10) with a TCP listener on 7777, a UDP socket on
//     5353 holding one 7-byte datagram, an IPv6 listener on 8888, an accepted connection with
//     3 unread bytes; client (iface 11) with that connection, a second one still waiting for
//     accept(), a connected UDP socket and an IPv6 connection waiting for accept().
//   sockdiag-closed-peer-forked.json: network 10.53.57.0, a listener on iface 20 port 80 and
//     an accepted socket (5 unread bytes, client already closed) both shared by a forked child;
//     an unconnected UDP/IPv6 socket bound on iface 21 port 53.
import * as fs from 'fs';
import * as path from 'path';
import type { NativeUnixSocketList } from '../../../extension/native/addon';

/** out/test/unit/sockets -> the package root. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'unit', 'sockets', 'fixtures');

export function nativeFixture(name: string): NativeUnixSocketList {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as NativeUnixSocketList;
}

export function textFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}
