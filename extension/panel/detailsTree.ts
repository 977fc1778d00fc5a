// The details pane's field tree for one packet, built from the decoder's DecodedPacket:
// Frame, link layer, IPv4/IPv6, TCP/UDP/ICMP and the payload, each with the byte range it
// covers so the hex dump can highlight it. Labels are plain text; the webview shows them
// with textContent, so a hostile payload can only ever be text.
import type { DecodedPacket } from '../capture/decode/index';
import { icmpTypeName } from '../capture/decode/icmp';
import { icmpv6TypeName } from '../capture/decode/icmpv6';
import { ipProtocolName, protocolLabel } from '../capture/decode/protocols';
import type { FlowInfo } from '../capture/flows';
import { linkTypeName, locateNetwork, newLinkLayer } from '../capture/linkLayer';
import { epochText, utcText } from '../capture/timeFormat';
import { asciiPreview } from './hexDump';
import type { FieldNode } from './protocol';
import { secondsText } from './timeText';

/** What the index and the flow table know about a packet beyond its bytes. */
export interface FrameFacts {
  readonly packet: number;
  readonly capLen: number;
  readonly origLen: number;
  readonly sec: number;
  readonly nsec: number;
  /** Seconds since the first packet and since the previous one. */
  readonly rel: number;
  readonly delta: number;
  readonly linkType: number;
  readonly flow: FlowInfo | null;
}

const link = newLinkLayer();

export function endpointText(addr: string, port: number | null): string {
  if (port === null) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

export function detailsTree(d: DecodedPacket, f: FrameFacts, bytes: Uint8Array): FieldNode[] {
  const nodes: FieldNode[] = [frameNode(d, f)];
  locateNetwork(f.linkType, bytes, 0, bytes.length, link);
  const ipStart = Math.min(link.offset, bytes.length);
  if (ipStart > 0) {
    nodes.push({ key: 'link', label: `${linkTypeName(f.linkType)} header, ${ipStart} bytes`, range: [0, ipStart] });
  }
  if (d.network === null) {
    if (d.payloadCaptured > 0) nodes.push(dataNode(d, bytes));
    return nodes;
  }
  const transportStart = transportHeaderStart(d);
  nodes.push(ipNode(d, ipStart, transportStart ?? d.payloadOffset));
  if (d.tcp !== null && transportStart !== null) nodes.push(tcpNode(d, transportStart));
  else if (d.proto === 'udp' && d.sport !== null && transportStart !== null) nodes.push(udpNode(d, transportStart));
  else if (d.icmp !== null && transportStart !== null) nodes.push(icmpNode(d, transportStart));
  if (d.payloadCaptured > 0 && (d.fragment === null || d.fragment.offset === 0 || d.tcp !== null)) nodes.push(dataNode(d, bytes));
  return nodes;
}

function frameNode(d: DecodedPacket, f: FrameFacts): FieldNode {
  const children: FieldNode[] = [
    leaf('frame.time', `Arrival time: ${utcText(f.sec, f.nsec, 6)}`),
    leaf('frame.epoch', `Epoch time: ${epochText(f.sec, f.nsec, 6)} seconds`),
    leaf('frame.rel', `Time since first packet: ${secondsText(f.rel)} seconds`),
    leaf('frame.delta', `Time since previous packet: ${secondsText(f.delta)} seconds`),
    leaf('frame.len', `Frame length: ${f.origLen} bytes`),
    leaf('frame.caplen', `Capture length: ${f.capLen} bytes`),
    leaf('frame.link', `Link type: ${linkTypeName(f.linkType)} (${f.linkType})`),
  ];
  if (f.flow !== null) {
    const c = f.flow;
    children.push(leaf('frame.flow', `Conversation #${c.id}: ${c.proto.toUpperCase()} ${endpointText(c.client.addr, c.client.port)} ⇄ ${endpointText(c.server.addr, c.server.port)}`));
  }
  if (d.truncated) children.push(leaf('frame.truncated', 'Packet size limited during capture: fewer bytes captured than the headers claim'));
  if (d.problem !== null) children.push(leaf('frame.problem', `Problem: ${d.problem}`));
  return { key: 'frame', label: `Frame ${f.packet + 1}: ${f.origLen} bytes on wire, ${f.capLen} bytes captured`, children, range: [0, f.capLen] };
}

/** Where the transport header starts, when the decoder got that far. */
function transportHeaderStart(d: DecodedPacket): number | null {
  if (d.fragment !== null && d.fragment.offset > 0) return null;
  if (d.tcp !== null) return d.payloadOffset - d.tcp.headerLength;
  if ((d.proto === 'udp' && d.sport !== null) || d.icmp !== null) return d.payloadOffset - 8;
  return null;
}

function ipNode(d: DecodedPacket, start: number, end: number): FieldNode {
  const v6 = d.network === 'ipv6';
  const children: FieldNode[] = [
    leaf('ip.version', `Version: ${v6 ? 6 : 4}`),
    leaf('ip.src', `Source address: ${d.src}`),
    leaf('ip.dst', `Destination address: ${d.dst}`),
  ];
  if (d.ttl !== null) children.push(leaf('ip.ttl', `${v6 ? 'Hop limit' : 'Time to live'}: ${d.ttl}`));
  if (d.ipProtocol !== null) children.push(leaf('ip.proto', `${v6 ? 'Next header' : 'Protocol'}: ${protocolLabel(ipProtocolName(d.ipProtocol))} (${d.ipProtocol})`));
  if (d.fragment !== null) {
    children.push({
      key: 'ip.frag',
      label: `Fragment: offset ${d.fragment.offset}, ${d.fragment.more ? 'more fragments follow' : 'last fragment'}`,
      children: [
        leaf('ip.frag.id', `Identification: 0x${d.fragment.id.toString(16)} (${d.fragment.id})`),
        leaf('ip.frag.offset', `Fragment offset: ${d.fragment.offset} bytes`),
        leaf('ip.frag.more', `More fragments: ${d.fragment.more ? 'set' : 'not set'}`),
      ],
    });
  }
  return {
    key: 'ip',
    label: `Internet Protocol Version ${v6 ? 6 : 4}, Src: ${d.src}, Dst: ${d.dst}`,
    children,
    range: end > start ? [start, end] : undefined,
  };
}

const FLAG_BITS: ReadonlyArray<[number, string]> = [
  [0x80, 'Congestion window reduced (CWR)'], [0x40, 'ECN-Echo'], [0x20, 'Urgent'], [0x10, 'Acknowledgment'],
  [0x08, 'Push'], [0x04, 'Reset'], [0x02, 'Syn'], [0x01, 'Fin'],
];

function tcpNode(d: DecodedPacket, start: number): FieldNode {
  const t = d.tcp;
  if (t === null) throw new Error('not TCP');
  const hasAck = (t.flags & 0x10) !== 0;
  const children: FieldNode[] = [
    leaf('tcp.srcport', `Source port: ${d.sport}`),
    leaf('tcp.dstport', `Destination port: ${d.dport}`),
    leaf('tcp.seq', `Sequence number: ${t.relSeq}    (relative sequence number)`),
    leaf('tcp.seq_raw', `Sequence number (raw): ${t.seq}`),
  ];
  if (hasAck) {
    children.push(leaf('tcp.ack', `Acknowledgment number: ${t.relAck}    (relative ack number)`));
    children.push(leaf('tcp.ack_raw', `Acknowledgment number (raw): ${t.ack}`));
  }
  children.push(leaf('tcp.hdr_len', `Header length: ${t.headerLength} bytes (${t.headerLength / 4})`));
  children.push({
    key: 'tcp.flags',
    label: `Flags: 0x${t.flags.toString(16).padStart(3, '0')} (${t.names})`,
    children: FLAG_BITS.map(([bit, name]) => leaf(`tcp.flags.${bit}`, `${name}: ${(t.flags & bit) !== 0 ? 'Set' : 'Not set'}`)),
  });
  children.push(leaf('tcp.window', `Window: ${t.window}`));
  if ((t.flags & 0x20) !== 0) children.push(leaf('tcp.urgent', `Urgent pointer: ${t.urgent}`));
  const o = t.options;
  if (o.kinds.length > 0) {
    const opts: FieldNode[] = [];
    if (o.mss !== null) opts.push(leaf('tcp.options.mss', `Maximum segment size: ${o.mss} bytes`));
    if (o.wscale !== null) opts.push(leaf('tcp.options.wscale', `Window scale: ${o.wscale} (multiply by ${2 ** Math.min(o.wscale, 14)})`));
    if (o.sackPermitted) opts.push(leaf('tcp.options.sack_perm', 'SACK permitted'));
    if (o.tsVal !== null) opts.push(leaf('tcp.options.timestamp', `Timestamps: TSval ${o.tsVal}, TSecr ${o.tsEcr}`));
    o.sack.forEach(([l, r], i) => opts.push(leaf(`tcp.options.sack.${i}`, `SACK block: ${l}-${r}`)));
    const nops = o.kinds.filter((k) => k === 1).length;
    if (nops > 0) opts.push(leaf('tcp.options.nop', `No-operation (NOP) × ${nops}`));
    if (o.problem !== null) opts.push(leaf('tcp.options.problem', `Problem: ${o.problem}`));
    children.push({ key: 'tcp.options', label: `Options: (${t.headerLength - 20} bytes)`, children: opts, range: [start + 20, start + t.headerLength] });
  }
  children.push(leaf('tcp.len', `TCP segment data: ${d.payloadLength} bytes`));
  const label = `Transmission Control Protocol, Src Port: ${d.sport}, Dst Port: ${d.dport}, Seq: ${t.relSeq}${hasAck ? `, Ack: ${t.relAck}` : ''}, Len: ${d.payloadLength}`;
  return { key: 'tcp', label, children, range: [start, start + t.headerLength] };
}

function udpNode(d: DecodedPacket, start: number): FieldNode {
  return {
    key: 'udp',
    label: `User Datagram Protocol, Src Port: ${d.sport}, Dst Port: ${d.dport}`,
    children: [
      leaf('udp.srcport', `Source port: ${d.sport}`),
      leaf('udp.dstport', `Destination port: ${d.dport}`),
      leaf('udp.length', `Length: ${d.payloadLength + 8}`),
      leaf('udp.payload', `UDP payload: ${d.payloadLength} bytes`),
    ],
    range: [start, start + 8],
  };
}

function icmpNode(d: DecodedPacket, start: number): FieldNode {
  const i = d.icmp;
  if (i === null) throw new Error('not ICMP');
  const v6 = d.proto === 'icmpv6';
  const name = v6 ? icmpv6TypeName(i.type) : icmpTypeName(i.type);
  const children: FieldNode[] = [leaf('icmp.type', `Type: ${i.type} (${name})`), leaf('icmp.code', `Code: ${i.code}`)];
  if (i.echoId !== null) children.push(leaf('icmp.ident', `Identifier: 0x${i.echoId.toString(16).padStart(4, '0')} (${i.echoId})`));
  if (i.echoSeq !== null) children.push(leaf('icmp.seq', `Sequence number: ${i.echoSeq}`));
  if (i.quoted !== null) {
    const q = i.quoted;
    children.push(leaf('icmp.quoted', `Quoted packet: ${q.proto.toUpperCase()} ${endpointText(q.src, q.sport)} → ${endpointText(q.dst, q.dport)}`));
  }
  return { key: 'icmp', label: `${v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol'}: ${d.info}`, children, range: [start, start + 8] };
}

function dataNode(d: DecodedPacket, bytes: Uint8Array): FieldNode {
  const from = Math.min(d.payloadOffset, bytes.length);
  const to = Math.min(bytes.length, from + d.payloadCaptured);
  const data = bytes.subarray(from, to);
  const missing = d.payloadLength > d.payloadCaptured ? `, ${d.payloadLength - d.payloadCaptured} not captured` : '';
  return {
    key: 'data',
    label: `Data (${d.payloadCaptured} bytes${missing})`,
    children: [leaf('data.text', `Text: ${asciiPreview(data, 96)}`), leaf('data.len', `Length: ${d.payloadLength}`)],
    range: [from, to],
  };
}

function leaf(key: string, label: string): FieldNode {
  return { key, label };
}
