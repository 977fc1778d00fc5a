// IP protocol numbers to the lower-case names a packet's `proto` uses, and the upper-case
// labels of a Wireshark-like table. Unknown numbers become "ip-proto-N".

const NAMES: Record<number, string> = {
  0: 'hopopt', 1: 'icmp', 2: 'igmp', 4: 'ipip', 6: 'tcp', 8: 'egp', 17: 'udp', 33: 'dccp', 41: 'ipv6',
  43: 'ipv6-route', 44: 'ipv6-frag', 46: 'rsvp', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'icmpv6', 59: 'ipv6-nonxt',
  60: 'ipv6-opts', 88: 'eigrp', 89: 'ospf', 103: 'pim', 112: 'vrrp', 115: 'l2tp', 132: 'sctp', 135: 'mobility',
  136: 'udplite', 137: 'mpls-in-ip', 143: 'ethernet',
};

export function ipProtocolName(protocol: number): string {
  return NAMES[protocol] ?? `ip-proto-${protocol}`;
}

/** The Protocol column: "TCP", "UDP", "ICMPv6"... */
export function protocolLabel(proto: string): string {
  if (proto === 'icmpv6') return 'ICMPv6';
  if (proto === 'ipv4') return 'IPv4';
  if (proto === 'ipv6' || proto.startsWith('ipv6-')) return 'IPv6';
  return proto.toUpperCase();
}
