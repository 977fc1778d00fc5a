// The filter language: every field and operator on a hand-built capture, precedence,
// Wireshark's semantics for multi-valued fields, ICMP errors matching on the header they
// quote, and syntax errors with the column they point at.
import * as assert from 'assert';
import * as fs from 'fs';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { caretLines, compileFilter, FilterSyntaxError } from '../../../extension/capture/filter/index';
import { tokenize } from '../../../extension/capture/filter/lexer';
import { parseAddress, parseHexBytes, parseInteger } from '../../../extension/capture/filter/values';
import { ACK, FIN, ip, PSH, RST, SwCapture, SYN, text } from './support/mirrorCapture';
import { bytes, ipv4, udp } from './support/packets';

const C = { addr: '127.0.0.11', port: 40000 };
const S = { addr: '127.0.0.10', port: 7777 };
const U = { addr: '127.0.0.10', port: 7778 };
const V6C = { addr: 'fd00::5357:5f0b', port: 1000 };
const V6S = { addr: 'fd00::5357:5f0a', port: 53 };

/** Packet numbers (1-based) of the sample capture, by what they are. */
const P = {
  syn: 1, synAck: 2, ack: 3, get: 4, reply: 5, fin: 6, rst: 7,
  udpQ: 8, udpA: 9, v6: 10, icmp: 11, binary: 12, frag: 13, other: 14,
};

function sample(cap: SwCapture): CaptureFile {
  cap.tcp(C, S, SYN, 0, 0);
  cap.tcp(S, C, SYN | ACK, 0, 1);
  cap.tcp(C, S, ACK, 1, 1);
  cap.tcp(C, S, PSH | ACK, 1, 1, text('GET /index.html HTTP/1.0\r\n\r\n'));
  cap.tcp(S, C, PSH | ACK, 1, 29, text('<script>alert(1)</script>'));
  cap.tcp(C, S, FIN | ACK, 29, 26);
  cap.tcp(S, C, RST | ACK, 26, 30);
  cap.udp({ addr: '127.0.0.12', port: 5353 }, U, text('query'));
  cap.udp(U, { addr: '127.0.0.12', port: 5353 }, text('answer!'));
  cap.udp(V6C, V6S, text('v6 data'));
  // socket_wrapper's unreachable for a datagram to 127.0.0.10:9 from 127.0.0.13:4444.
  cap.unreachable('127.0.0.10', '127.0.0.13', ip('127.0.0.13', '127.0.0.10', 17, udp({ sport: 4444, dport: 9, payload: bytes(0x78) })));
  cap.tcp(C, S, PSH | ACK, 29, 26, bytes(0x00, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0xff, 0x0a));
  // A later IP fragment: addresses, no ports, no flow.
  cap.raw(ipv4({ src: '127.0.0.20', dst: '127.0.0.21', protocol: 17, fragOffset: 8, payload: bytes(1, 2, 3, 4, 5, 6, 7, 8) }));
  cap.raw(ip('127.0.0.30', '127.0.0.31', 47, bytes(1, 2, 3, 4)));
  return cap.load();
}

describe('capture/filter', () => {
  let cap: SwCapture;
  let capture: CaptureFile;
  before(() => {
    cap = new SwCapture();
    capture = sample(cap);
  });
  after(() => {
    capture.close();
    cap.dispose();
  });

  const run = (expr: string): number[] => {
    const f = compileFilter(expr);
    const out: number[] = [];
    for (let i = 0; i < capture.index.count; i++) if (f.test(i, capture)) out.push(i + 1);
    return out;
  };
  const all = (): number[] => Array.from({ length: 14 }, (_, k) => k + 1);
  const except = (...n: number[]): number[] => all().filter((x) => !n.includes(x));

  it('protocols', () => {
    assert.deepStrictEqual(run('tcp'), [1, 2, 3, 4, 5, 6, 7, 12]);
    // An ICMP error quoting a UDP datagram is "udp" too, as in Wireshark.
    assert.deepStrictEqual(run('udp'), [P.udpQ, P.udpA, P.v6, P.icmp]);
    assert.deepStrictEqual(run('icmp'), [P.icmp]);
    assert.deepStrictEqual(run('icmpv6'), []);
    assert.deepStrictEqual(run('ipv6'), [P.v6]);
    assert.deepStrictEqual(run('ip'), except(P.v6));
  });

  it('addresses: ip.addr, ip.src, ip.dst, IPv6, prefixes, != as !(==), the quoted header of ICMP errors', () => {
    assert.deepStrictEqual(run('ip.addr == 127.0.0.11'), [1, 2, 3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('ip.src == 127.0.0.11'), [1, 3, 4, 6, 12]);
    assert.deepStrictEqual(run('ip.dst == 127.0.0.11'), [2, 5, 7]);
    assert.deepStrictEqual(run('ip.src == 127.0.0.13'), [P.icmp], 'the quoted source');
    assert.deepStrictEqual(run('ip.addr == 127.0.0.20'), [P.frag], 'a fragment outside flows');
    assert.deepStrictEqual(run('ip.addr != 127.0.0.11'), except(1, 2, 3, 4, 5, 6, 7, 12));
    assert.deepStrictEqual(run('ipv6.addr != fd00::1'), [P.v6], 'IPv6 packets only');
    assert.deepStrictEqual(run('ip.addr == 127.0.0.0/24'), except(P.v6));
    assert.deepStrictEqual(run('ip.addr == 127.0.0.30/31'), [P.other]);
    assert.deepStrictEqual(run('ipv6.addr == fd00::5357:5f0a'), [P.v6]);
    assert.deepStrictEqual(run('ip.src == fd00::5357:5f0b'), [P.v6], 'ip.* takes IPv6 too');
    assert.deepStrictEqual(run('ipv6.dst == fd00::/16'), [P.v6]);
    assert.deepStrictEqual(run('ip6.src == fd00:0:0:0:0:0:5357:5f0b'), [P.v6]);
    assert.deepStrictEqual(run('ipv6.src == fd00::5357:5f0a'), []);
    assert.deepStrictEqual(run('ip.addr'), except(), 'present in every IP packet');
  });

  it('ports: tcp/udp/any, source and destination, comparisons, ICMP quotes', () => {
    assert.deepStrictEqual(run('tcp.port == 7777'), [1, 2, 3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('tcp.srcport == 7777'), [2, 5, 7]);
    assert.deepStrictEqual(run('tcp.dstport == 7777'), [1, 3, 4, 6, 12]);
    assert.deepStrictEqual(run('udp.port == 5353'), [P.udpQ, P.udpA]);
    assert.deepStrictEqual(run('udp.srcport == 5353'), [P.udpQ]);
    assert.deepStrictEqual(run('udp.dstport == 5353'), [P.udpA]);
    assert.deepStrictEqual(run('udp.port == 9'), [P.icmp]);
    assert.deepStrictEqual(run('udp.srcport == 4444'), [P.icmp]);
    assert.deepStrictEqual(run('port == 53'), [P.v6]);
    assert.deepStrictEqual(run('port == 7778'), [P.udpQ, P.udpA]);
    assert.deepStrictEqual(run('tcp.port == 7778'), []);
    assert.deepStrictEqual(run('tcp.port != 7777'), [], 'only packets with a TCP port, none of them 7777');
    assert.deepStrictEqual(run('udp.port != 53'), [P.udpQ, P.udpA, P.icmp]);
    assert.deepStrictEqual(run('udp.port > 7777'), [P.udpQ, P.udpA]);
    assert.deepStrictEqual(run('udp.port < 100'), [P.v6, P.icmp]);
    assert.deepStrictEqual(run('udp.port >= 5353 && udp.port <= 5353'), [P.udpQ, P.udpA]);
    assert.deepStrictEqual(run('tcp.port eq 7777 and tcp.srcport ne 7777'), [1, 3, 4, 6, 12]);
    assert.deepStrictEqual(run('tcp.port == 0x1e61'), [1, 2, 3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('udp.port'), [P.udpQ, P.udpA, P.v6, P.icmp]);
  });

  it('TCP flags: alone means set, == 1 / == 0 / !=, the flag byte', () => {
    assert.deepStrictEqual(run('tcp.flags.syn'), [1, 2]);
    assert.deepStrictEqual(run('tcp.flags.syn == 1'), [1, 2]);
    assert.deepStrictEqual(run('tcp.flags.syn == 0'), [3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('tcp.flags.syn != 1'), [3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('tcp.flags.ack && !tcp.flags.psh'), [2, 3, 6, 7]);
    assert.deepStrictEqual(run('tcp.flags.fin'), [6]);
    assert.deepStrictEqual(run('tcp.flags.rst == true'), [7]);
    assert.deepStrictEqual(run('tcp.flags.reset'), [7]);
    assert.deepStrictEqual(run('tcp.flags.psh'), [4, 5, 12]);
    assert.deepStrictEqual(run('tcp.flags.urg'), []);
    assert.deepStrictEqual(run('tcp.flags == 0x12'), [2]);
    assert.deepStrictEqual(run('tcp.flags & 2'.replace(' & 2', ' >= 0x18')), [4, 5, 12]);
  });

  it('lengths, frame numbers and flows', () => {
    assert.deepStrictEqual(run('len > 0'), [4, 5, 8, 9, 10, 11, 12, 13, 14]);
    assert.deepStrictEqual(run('len == 28'), [P.get]);
    assert.deepStrictEqual(run('tcp.len > 20'), [4, 5]);
    assert.deepStrictEqual(run('len >= 25 && len < 28'), [5]);
    assert.deepStrictEqual(run('len != 0'), run('len > 0'));
    assert.deepStrictEqual(run('frame.len == 40'), [1, 2, 3, 6, 7]);
    assert.deepStrictEqual(run('frame.len <= 40 || frame.len > 60'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14]);
    assert.deepStrictEqual(run('frame.cap_len == 40'), [1, 2, 3, 6, 7]);
    assert.deepStrictEqual(run('frame.number == 3 || frame.number > 13'), [3, 14]);
    assert.deepStrictEqual(run('flow == 0'), [1, 2, 3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('flow == 1'), [P.udpQ, P.udpA]);
    assert.deepStrictEqual(run('flow != 0 && !udp'), [P.other], 'a later fragment has no flow');
  });

  it('payload contains: text, escapes, hex bytes; tcp.payload / udp.payload; frame contains', () => {
    assert.deepStrictEqual(run('payload contains "GET /"'), [P.get]);
    assert.deepStrictEqual(run('payload contains "<script>"'), [P.reply]);
    assert.deepStrictEqual(run('payload contains "\\r\\n\\r\\n"'), [P.get]);
    assert.deepStrictEqual(run('payload contains "\\x00Hello"'), [P.binary]);
    assert.deepStrictEqual(run('payload contains 48:65:6c'), [P.binary]);
    assert.deepStrictEqual(run('payload contains ff-0a'), [P.binary]);
    // The ICMP error's body is the quoted packet: 127.0.0.10 ends in 0a.
    assert.deepStrictEqual(run('payload contains 0a'), [P.get, P.icmp, P.binary]);
    assert.deepStrictEqual(run('udp.payload contains "answer"'), [P.udpA]);
    assert.deepStrictEqual(run('tcp.payload contains "answer"'), []);
    assert.deepStrictEqual(run('data contains "v6"'), [P.v6]);
    assert.deepStrictEqual(run('frame contains 7f:00:00:0b'), [1, 2, 3, 4, 5, 6, 7, 12]);
    assert.deepStrictEqual(run('payload'), [4, 5, 8, 9, 10, 11, 12, 13, 14]);
    assert.deepStrictEqual(run('payload contains "\u00e9"'), [], 'non-latin text is its UTF-8 bytes');
  });

  it('precedence: ! over && over ||, parentheses, word operators, case', () => {
    assert.deepStrictEqual(run('udp || tcp && tcp.flags.syn'), [1, 2, P.udpQ, P.udpA, P.v6, P.icmp]);
    assert.deepStrictEqual(run('(udp || tcp) && tcp.flags.syn'), [1, 2]);
    assert.deepStrictEqual(run('!udp && !tcp'), [P.frag, P.other]);
    assert.deepStrictEqual(run('not (udp or tcp)'), [P.frag, P.other]);
    assert.deepStrictEqual(run('!!tcp.flags.fin'), [6]);
    assert.deepStrictEqual(run('TCP.FLAGS.FIN AND Tcp'), [6]);
    assert.deepStrictEqual(run('tcp.flags.fin || tcp.flags.rst && ip.src == 127.0.0.10'), [6, 7]);
    assert.deepStrictEqual(run('(tcp.flags.fin || tcp.flags.rst) && ip.src == 127.0.0.11'), [6]);
    assert.deepStrictEqual(run(''), all());
    assert.deepStrictEqual(run('   '), all());
    assert.deepStrictEqual(run('((((tcp))))'), [1, 2, 3, 4, 5, 6, 7, 12]);
  });

  it('syntax errors: a message and the 1-based column they point at', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['tcp.prot == 1', 1, /unknown field "tcp.prot" \(did you mean "tcp.port"\?\)/],
      ['tcp.port == ', 13, /expected a value after "==", found the end/],
      ['tcp.port = 80', 10, /use "==" to compare/],
      ['tcp.port == 80 & udp', 16, /use "&&"/],
      ['tcp.port == 80 | udp', 16, /use "\|\|"/],
      ['tcp.port == 70000', 13, /70000 is out of range for tcp.port \(0\.\.65535\)/],
      ['tcp.port == http', 13, /"http" is not a number/],
      ['ip.addr == 1.2.3', 12, /"1\.2\.3" is not an IPv4 or IPv6 address/],
      ['ip.addr == 10.0.0.0/33', 12, /not an IPv4 or IPv6 address/],
      ['ip.addr > 1.2.3.4', 9, /addresses compare with == or != only/],
      ['ipv6.addr == 1.2.3.4', 14, /ipv6\.addr holds IPv6 addresses/],
      ['(tcp', 1, /"\(" is never closed/],
      ['tcp)', 4, /"\)" without a matching "\("/],
      ['tcp udp', 5, /expected "&&", "\|\|" or the end, found "udp"/],
      ['tcp &&', 7, /the expression ends where a field was expected/],
      ['&& tcp', 1, /expected a field .*found "&&"/],
      ['payload contains "abc', 18, /unterminated string/],
      ['payload contains "\\q"', 19, /unknown escape \\q/],
      ['payload contains "\\x4"', 19, /\\x needs two hex digits/],
      ['payload contains zz', 18, /neither a quoted string nor hex bytes/],
      ['payload == 1', 9, /"payload" takes "contains"/],
      ['tcp.port contains "a"', 10, /"contains" works on payload or frame/],
      ['tcp == 1', 5, /"tcp" is a protocol: use it alone/],
      ['tcp.flags.syn == 2', 18, /tcp\.flags\.syn is 0 or 1/],
      ['tcp.flags.syn > 0', 15, /a flag compares with == or != only/],
      ['udp.port == 1 && $', 18, /unexpected character "\$"/],
      ['payload contains ""', 18, /give at least one byte/],
      ['and', 1, /expected a field before "and"/],
    ];
    for (const [expr, column, message] of cases) {
      assert.throws(() => compileFilter(expr), (e: unknown) => {
        assert.ok(e instanceof FilterSyntaxError, `${expr}: a FilterSyntaxError`);
        assert.match(e.message, message, expr);
        assert.strictEqual(e.column, column, `${expr}: column of "${e.message}"`);
        assert.strictEqual(e.offset, column - 1);
        return true;
      }, expr);
    }
    assert.throws(() => compileFilter('('.repeat(300) + 'tcp' + ')'.repeat(300)), /nested more than 200 deep/);
    assert.throws(() => compileFilter('tcp || '.repeat(1000) + 'tcp'), /longer than 4096 characters/);
  });

  it('caret lines point under the column, tabs kept', () => {
    const e = new FilterSyntaxError('x', 4, 3);
    assert.strictEqual(caretLines('tcp.prot', e), 'tcp.prot\n    ^~~');
    assert.strictEqual(caretLines('\ttcp x', new FilterSyntaxError('x', 5)), '\ttcp x\n\t    ^');
  });

  it('values: addresses, integers, hex bytes; tokens keep their offsets', () => {
    assert.deepStrictEqual(parseAddress('::ffff:1.2.3.4')?.bytes, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]));
    assert.strictEqual(parseAddress('::')?.family, 6);
    assert.strictEqual(parseAddress('1::2::3'), null);
    assert.strictEqual(parseAddress('1.2.3.256'), null);
    assert.strictEqual(parseAddress('fd00::5357:5f0a/129'), null);
    assert.strictEqual(parseAddress('fd00::5357:5f0a/64')?.prefix, 64);
    assert.deepStrictEqual([parseInteger('0x1F'), parseInteger('010'), parseInteger('-1'), parseInteger('1e3')], [31, 10, null, null]);
    assert.deepStrictEqual(parseHexBytes('0a.0b'), Uint8Array.from([10, 11]));
    assert.strictEqual(parseHexBytes('abc'), null);
    assert.deepStrictEqual(tokenize('ip.addr==::1 && !x').map((t) => [t.kind, t.offset]), [['word', 0], ['==', 7], ['word', 9], ['&&', 13], ['!', 16], ['word', 17], ['end', 18]]);
  });

  it('reports what a filter reads; a compiled filter serves several captures', () => {
    assert.deepStrictEqual(compileFilter('tcp.port == 1').needs, { facts: false, payload: false });
    assert.deepStrictEqual(compileFilter('ip.src == 1.2.3.4').needs, { facts: true, payload: false });
    assert.deepStrictEqual(compileFilter('payload contains "a"').needs, { facts: true, payload: true });
    // Flow 0 / 1 are on port 7777 / 5353 here and on 9999 / 7777 there: no cache is shared.
    const other = new SwCapture();
    other.udp({ addr: '127.0.0.5', port: 1 }, { addr: '127.0.0.6', port: 9999 }, text('x'));
    other.udp({ addr: '127.0.0.5', port: 2 }, { addr: '127.0.0.6', port: 7777 }, text('y'));
    const c2 = other.load();
    const f = compileFilter('port == 7777');
    assert.deepStrictEqual([f.test(0, capture), f.test(P.udpQ - 1, capture), f.test(0, c2), f.test(1, c2)], [true, false, false, true]);
    // The same capture object after a reset (the file rewritten): flow ids mean other flows now.
    const file = c2.path;
    const third = new SwCapture();
    third.udp({ addr: '127.0.0.5', port: 3 }, { addr: '127.0.0.6', port: 7777 }, text('z'));
    fs.writeFileSync(file, third.bytes());
    c2.readMore();
    c2.reset();
    c2.readMore();
    assert.strictEqual(c2.index.count, 1);
    assert.strictEqual(f.test(0, c2), true);
    c2.close();
    other.dispose();
    third.dispose();
  });
});
