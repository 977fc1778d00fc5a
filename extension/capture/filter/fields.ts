// The fields the filter language knows, with what values they take. Names follow
// Wireshark's where one exists so a tshark user's habits carry over; `len` and `payload`
// are this tool's (the transport payload). A bare boolean field (tcp.flags.syn) means
// "the flag is set", unlike Wireshark where it only means "the packet is TCP".

export type FieldKind =
  /** Protocol presence: bare only. */
  | 'proto'
  /** IP address, compared with == / != (optionally against a /prefix network). */
  | 'address'
  /** Unsigned integer with every comparison. */
  | 'integer'
  /** A TCP flag: bare, or == / != 0 or 1. */
  | 'flag'
  /** Bytes: `contains`, or bare (there are some). */
  | 'bytes';


export interface FieldDef {
  readonly name: string;
  readonly kind: FieldKind;
  /** address: which addresses; integer/port: which number; bytes: which bytes. */
  readonly what: string;
  /** For addresses: 4 or 6 to accept only that family's values; 0 for both. */
  readonly family?: 0 | 4 | 6;
  /** Restricts the field to one transport protocol (tcp.port, udp.payload...). */
  readonly proto?: 'tcp' | 'udp';
  /** For flags: the bit in the TCP flag byte. */
  readonly bit?: number;
}

const defs: FieldDef[] = [
  { name: 'ip', kind: 'proto', what: 'ip' },
  { name: 'ipv6', kind: 'proto', what: 'ipv6' },
  { name: 'tcp', kind: 'proto', what: 'tcp' },
  { name: 'udp', kind: 'proto', what: 'udp' },
  { name: 'icmp', kind: 'proto', what: 'icmp' },
  { name: 'icmpv6', kind: 'proto', what: 'icmpv6' },
  { name: 'ip.addr', kind: 'address', what: 'any', family: 0 },
  { name: 'ip.src', kind: 'address', what: 'src', family: 0 },
  { name: 'ip.dst', kind: 'address', what: 'dst', family: 0 },
  { name: 'ipv6.addr', kind: 'address', what: 'any', family: 6 },
  { name: 'ipv6.src', kind: 'address', what: 'src', family: 6 },
  { name: 'ipv6.dst', kind: 'address', what: 'dst', family: 6 },
  { name: 'port', kind: 'integer', what: 'port' },
  { name: 'tcp.port', kind: 'integer', what: 'port', proto: 'tcp' },
  { name: 'tcp.srcport', kind: 'integer', what: 'srcport', proto: 'tcp' },
  { name: 'tcp.dstport', kind: 'integer', what: 'dstport', proto: 'tcp' },
  { name: 'udp.port', kind: 'integer', what: 'port', proto: 'udp' },
  { name: 'udp.srcport', kind: 'integer', what: 'srcport', proto: 'udp' },
  { name: 'udp.dstport', kind: 'integer', what: 'dstport', proto: 'udp' },
  { name: 'tcp.flags', kind: 'integer', what: 'tcpflags', proto: 'tcp' },
  { name: 'tcp.flags.fin', kind: 'flag', what: 'flag', bit: 0x01 },
  { name: 'tcp.flags.syn', kind: 'flag', what: 'flag', bit: 0x02 },
  { name: 'tcp.flags.rst', kind: 'flag', what: 'flag', bit: 0x04 },
  { name: 'tcp.flags.reset', kind: 'flag', what: 'flag', bit: 0x04 },
  { name: 'tcp.flags.psh', kind: 'flag', what: 'flag', bit: 0x08 },
  { name: 'tcp.flags.push', kind: 'flag', what: 'flag', bit: 0x08 },
  { name: 'tcp.flags.ack', kind: 'flag', what: 'flag', bit: 0x10 },
  { name: 'tcp.flags.urg', kind: 'flag', what: 'flag', bit: 0x20 },
  { name: 'len', kind: 'integer', what: 'len' },
  { name: 'tcp.len', kind: 'integer', what: 'len', proto: 'tcp' },
  { name: 'frame.len', kind: 'integer', what: 'framelen' },
  { name: 'frame.cap_len', kind: 'integer', what: 'caplen' },
  { name: 'frame.number', kind: 'integer', what: 'number' },
  { name: 'flow', kind: 'integer', what: 'flow' },
  { name: 'payload', kind: 'bytes', what: 'payload' },
  { name: 'tcp.payload', kind: 'bytes', what: 'payload', proto: 'tcp' },
  { name: 'udp.payload', kind: 'bytes', what: 'payload', proto: 'udp' },
  { name: 'data', kind: 'bytes', what: 'payload' },
  { name: 'frame', kind: 'bytes', what: 'frame' },
];

const byName = new Map(defs.map((d) => [d.name, d]));
// Wireshark's IPv6 fields use the "ipv6." prefix; "ip6" is a common slip worth accepting.
for (const d of defs) if (d.name.startsWith('ipv6.')) byName.set(`ip6.${d.name.slice(5)}`, d);

export function fieldByName(name: string): FieldDef | undefined {
  return byName.get(name.toLowerCase());
}

export function fieldNames(): string[] {
  return defs.map((d) => d.name);
}

/** The known field closest to a mistyped one (edit distance at most 2), for the error message. */
export function closestField(name: string): string | null {
  let best: string | null = null;
  let bestDist = 3;
  for (const d of defs) {
    const dist = editDistance(name.toLowerCase(), d.name);
    if (dist < bestDist) {
      best = d.name;
      bestDist = dist;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
