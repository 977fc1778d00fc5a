// tshark's view of a capture and swdebug's, in comparable shapes.
import { spawnSync } from 'child_process';
import * as path from 'path';
import type { PacketJson } from '../../../../extension/cli/packets';
import type { StatsJson } from '../../../../extension/cli/stats';

export const REPO = path.resolve(__dirname, '../../../../..');
/** The tsc-compiled CLI entry next to this compiled test (always as fresh as the tests). */
const CLI_MAIN = path.resolve(__dirname, '../../../../extension/cli/main.js');

export interface TsharkRow {
  no: number;
  /** frame.time_epoch as printed, e.g. "1795607511.557913000". */
  epoch: string;
  src: string;
  dst: string;
  ipProto: number | null;
  tcpSrc: number | null;
  tcpDst: number | null;
  udpSrc: number | null;
  udpDst: number | null;
  tcpFlags: number | null;
  tcpLen: number | null;
  udpLength: number | null;
  seqRaw: number | null;
  ackRaw: number | null;
  icmpType: number | null;
  icmpCode: number | null;
  capLen: number;
  frameLen: number;
  protocol: string;
  info: string;
  /** Every occurrence of the address/port fields: the second is the header an ICMP error quotes. */
  allSrc: string[];
  allDst: string[];
  allSport: string[];
  allDport: string[];
}

const FIELDS = [
  'frame.number', 'frame.time_epoch', 'ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'ip.proto', 'ipv6.nxt',
  'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'tcp.flags', 'tcp.len', 'udp.length',
  'tcp.seq_raw', 'tcp.ack_raw', 'icmp.type', 'icmp.code', 'icmpv6.type', 'icmpv6.code', 'frame.cap_len', 'frame.len',
  '_ws.col.Protocol', '_ws.col.Info',
];

function tsharkFields(file: string, fields: string[], occurrence: 'f' | 'a'): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=/t', '-E', `occurrence=${occurrence}`, '-E', 'aggregator=,'];
  for (const f of fields) args.push('-e', f);
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // tshark lists a file cut inside its last packet but exits 2: that is a result too.
  if (r.status !== 0 && !(r.status === 2 && /cut short in the middle of a packet/.test(r.stderr))) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

export function tshark(file: string): TsharkRow[] {
  const first = tsharkFields(file, FIELDS, 'f');
  const all = tsharkFields(file, ['ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'udp.srcport', 'tcp.dstport', 'udp.dstport'], 'a');
  const num = (s: string): number | null => (s === '' ? null : Number(s));
  const list = (...s: string[]): string[] => s.filter((x) => x !== '').join(',').split(',').filter((x) => x !== '');
  return first.map((c, i) => {
    const a = all[i];
    return {
      no: Number(c[0]), epoch: c[1], src: c[2] || c[3], dst: c[4] || c[5], ipProto: num(c[6] || c[7]),
      tcpSrc: num(c[8]), tcpDst: num(c[9]), udpSrc: num(c[10]), udpDst: num(c[11]), tcpFlags: num(c[12]),
      tcpLen: num(c[13]), udpLength: num(c[14]), seqRaw: num(c[15]), ackRaw: num(c[16]),
      icmpType: num(c[17] || c[19]), icmpCode: num(c[18] || c[20]), capLen: Number(c[21]), frameLen: Number(c[22]),
      protocol: c[23], info: c[24],
      allSrc: list(a[0], a[1]), allDst: list(a[2], a[3]), allSport: list(a[4], a[5]), allDport: list(a[6], a[7]),
    };
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `swdebug ARGS` through the compiled CLI entry point (or bin/swdebug with `bundle`). */
export function swdebug(args: string[], bundle = false): CliResult {
  const r = bundle
    ? spawnSync(process.execPath, [path.join(REPO, 'bin', 'swdebug'), ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(process.execPath, ['-e', `require(${JSON.stringify(CLI_MAIN)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`, ...args],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function packets(file: string): PacketJson[] {
  const r = swdebug(['packets', '--json', file]);
  if (r.code !== 0) throw new Error(`swdebug packets exited ${r.code}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PacketJson);
}

export function stats(file: string): StatsJson {
  const r = swdebug(['stats', '--json', file]);
  if (r.code !== 0) throw new Error(`swdebug stats exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as StatsJson;
}

const PROTO_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

/** Letters for a tshark tcp.flags value (FSRPAUEC). */
export function flagLetters(flags: number): string {
  return [...'FSRPAUEC'].filter((_, i) => (flags & (1 << i)) !== 0).join('');
}

/**
 * Compares one swdebug packet with tshark's row, field by field; returns the differences.
 * `strictInfo`: compare the Info text too (with Wireshark's "[TCP ...]" analysis notes removed).
 */
export function differences(p: PacketJson, t: TsharkRow, strictInfo = true): string[] {
  const d: string[] = [];
  const eq = (name: string, ours: unknown, theirs: unknown): void => {
    if (ours !== theirs) d.push(`#${t.no} ${name}: swdebug ${JSON.stringify(ours)} tshark ${JSON.stringify(theirs)}`);
  };
  eq('no', p.no, t.no);
  if (Math.abs(p.time - Number(t.epoch)) > 1e-6) d.push(`#${t.no} time: swdebug ${p.time} tshark ${t.epoch}`);
  eq('src', p.src, t.src);
  eq('dst', p.dst, t.dst);
  eq('proto', p.proto, t.ipProto === null ? null : PROTO_NAMES[t.ipProto] ?? p.proto);
  eq('caplen', p.caplen, t.capLen);
  eq('origlen', p.origlen, t.frameLen);
  if (p.proto === 'tcp') {
    eq('sport', p.sport, t.tcpSrc);
    eq('dport', p.dport, t.tcpDst);
    eq('flags', p.flags, flagLetters(t.tcpFlags ?? -1));
    eq('len', p.len, t.tcpLen);
    eq('seq', p.seq, t.seqRaw);
    eq('ack', p.ack, t.ackRaw);
  } else if (p.proto === 'udp') {
    eq('sport', p.sport, t.udpSrc);
    eq('dport', p.dport, t.udpDst);
    eq('flags', p.flags, null);
    eq('len', p.len, (t.udpLength ?? 0) - 8);
  } else if (p.proto === 'icmp' || p.proto === 'icmpv6') {
    eq('sport', p.sport, null);
    eq('icmp.type', p.icmp?.type, t.icmpType);
    eq('icmp.code', p.icmp?.code, t.icmpCode);
    eq('len', p.len, t.frameLen - (p.proto === 'icmp' ? 28 : 48));
    // The quoted header of an error message: tshark's second occurrence of each field.
    if (t.allSrc.length > 1) {
      eq('quoted.src', p.icmp?.quoted?.src, t.allSrc[1]);
      eq('quoted.dst', p.icmp?.quoted?.dst, t.allDst[1]);
      eq('quoted.sport', p.icmp?.quoted?.sport ?? null, t.allSport.length > 0 ? Number(t.allSport[0]) : null);
      eq('quoted.dport', p.icmp?.quoted?.dport ?? null, t.allDport.length > 0 ? Number(t.allDport[0]) : null);
    }
  }
  if (strictInfo && ['TCP', 'UDP', 'ICMP', 'ICMPv6'].includes(t.protocol)) {
    eq('info', p.info, t.info.replace(/^(\[TCP [^\]]*\] )+/, ''));
  }
  return d;
}
