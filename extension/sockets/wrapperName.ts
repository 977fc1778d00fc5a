// Decodes socket_wrapper's socket file names into the emulated address they stand for.
// Every emulated socket is a unix socket in SOCKET_WRAPPER_DIR named `%c%02X%04X`: a type
// letter (T TCP/IPv4, U UDP/IPv4, X TCP/IPv6, Y UDP/IPv6), the interface id and the port, in
// hex. `T0A1E61` is TCP 127.0.0.10:7777 (or 10.53.57.10:7777 on the 10.53.57.0 network).

export type Ipv4Network = '127.0.0.0' | '10.53.57.0';
export const IPV4_NETWORKS: readonly Ipv4Network[] = ['127.0.0.0', '10.53.57.0'];
export const DEFAULT_IPV4_NETWORK: Ipv4Network = '127.0.0.0';

export interface WrapperEndpoint {
  readonly proto: 'tcp' | 'udp';
  readonly family: 'ipv4' | 'ipv6';
  /** The interface id (SOCKET_WRAPPER_DEFAULT_IFACE of whoever bound it). */
  readonly iface: number;
  readonly port: number;
  /** The emulated IP address: `127.0.0.10`, `10.53.57.10` or `fd00::5357:5f0a`. */
  readonly ip: string;
  /** Address and port as a person writes them: `127.0.0.10:7777`, `[fd00::5357:5f0a]:7777`. */
  readonly endpoint: string;
}

const TYPES: Readonly<Record<string, { proto: 'tcp' | 'udp'; family: 'ipv4' | 'ipv6' }>> = {
  T: { proto: 'tcp', family: 'ipv4' },
  U: { proto: 'udp', family: 'ipv4' },
  X: { proto: 'tcp', family: 'ipv6' },
  Y: { proto: 'udp', family: 'ipv6' },
};

const NAME = /^([TUXY])([0-9A-Fa-f]{2})([0-9A-Fa-f]{4})$/;

export function isIpv4Network(value: unknown): value is Ipv4Network {
  return typeof value === 'string' && (IPV4_NETWORKS as readonly string[]).includes(value);
}

/** The emulated IP of interface `iface` (0..255). */
export function emulatedIp(family: 'ipv4' | 'ipv6', iface: number, network: Ipv4Network = DEFAULT_IPV4_NETWORK): string {
  if (family === 'ipv6') {
    return `fd00::5357:5f${iface.toString(16).padStart(2, '0')}`;
  }
  return `${network.split('.').slice(0, 3).join('.')}.${iface}`;
}

export function formatEndpoint(family: 'ipv4' | 'ipv6', ip: string, port: number): string {
  return family === 'ipv6' ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Decodes a socket file's base name (`T0A1E61`); undefined for anything else. */
export function decodeWrapperName(baseName: string, network: Ipv4Network = DEFAULT_IPV4_NETWORK): WrapperEndpoint | undefined {
  const m = NAME.exec(baseName);
  if (!m) {
    return undefined;
  }
  const { proto, family } = TYPES[m[1]];
  const iface = parseInt(m[2], 16);
  const port = parseInt(m[3], 16);
  const ip = emulatedIp(family, iface, network);
  return { proto, family, iface, port, ip, endpoint: formatEndpoint(family, ip, port) };
}

/** Decodes a full socket path (`/tmp/swd-x/T0A1E61`) by its last component. */
export function decodeWrapperPath(socketPath: string | null, network: Ipv4Network = DEFAULT_IPV4_NETWORK): WrapperEndpoint | undefined {
  if (socketPath === null) {
    return undefined;
  }
  return decodeWrapperName(socketPath.slice(socketPath.lastIndexOf('/') + 1), network);
}
