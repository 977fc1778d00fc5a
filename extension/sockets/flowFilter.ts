// The Packet Timeline filter for one socket's flow, in the display-filter syntax the
// timeline takes (Wireshark's field names): `tcp.port==7777 && ip.addr==127.0.0.10`, plus the
// remote port and address for a connection. undefined when the row has no IP endpoint.
import type { SocketRow } from './rows';

interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** `127.0.0.10:7777` or `[fd00::5357:5f0a]:7777` -> host and port. */
export function splitEndpoint(endpoint: string): HostPort | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(endpoint) ?? /^([^:]+):(\d+)$/.exec(endpoint);
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

export function flowFilter(row: SocketRow): string | undefined {
  if (row.proto === 'unix' || row.local === null) {
    return undefined;
  }
  const local = splitEndpoint(row.local);
  if (!local) {
    return undefined;
  }
  const addrField = row.family === 'ipv6' ? 'ipv6.addr' : 'ip.addr';
  const terms = [`${row.proto}.port==${local.port}`, `${addrField}==${local.host}`];
  const remote = row.remote === null ? undefined : splitEndpoint(row.remote);
  if (remote) {
    terms.push(`${row.proto}.port==${remote.port}`, `${addrField}==${remote.host}`);
  }
  return [...new Set(terms)].join(' && ');
}
