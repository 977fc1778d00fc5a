// Decoding socket_wrapper's `%c%02X%04X` socket names into emulated TCP/UDP, IPv4/IPv6 endpoints.
import * as assert from 'assert';
import { decodeWrapperName, decodeWrapperPath, emulatedIp } from '../../../extension/sockets/wrapperName';

describe('socket_wrapper names', () => {
  it('decodes TCP/IPv4 T0A1E61 as 127.0.0.10:7777', () => {
    assert.deepStrictEqual(decodeWrapperName('T0A1E61'), { proto: 'tcp', family: 'ipv4', iface: 10, port: 7777, ip: '127.0.0.10', endpoint: '127.0.0.10:7777' });
  });

  it('puts IPv4 addresses on the session network 10.53.57.0', () => {
    assert.strictEqual(decodeWrapperName('T0A1E61', '10.53.57.0')?.endpoint, '10.53.57.10:7777');
    assert.strictEqual(decodeWrapperName('U140035', '10.53.57.0')?.endpoint, '10.53.57.20:53');
  });

  it('decodes UDP/IPv4, TCP/IPv6 and UDP/IPv6', () => {
    assert.deepStrictEqual(decodeWrapperName('U0A14E9'), { proto: 'udp', family: 'ipv4', iface: 10, port: 5353, ip: '127.0.0.10', endpoint: '127.0.0.10:5353' });
    assert.strictEqual(decodeWrapperName('X0A22B8')?.endpoint, '[fd00::5357:5f0a]:8888');
    assert.deepStrictEqual(decodeWrapperName('Y150035', '10.53.57.0'), { proto: 'udp', family: 'ipv6', iface: 21, port: 53, ip: 'fd00::5357:5f15', endpoint: '[fd00::5357:5f15]:53' });
  });

  it('accepts lower-case hex digits and the extremes of iface and port', () => {
    assert.strictEqual(decodeWrapperName('T0aFFFF')?.endpoint, '127.0.0.10:65535');
    assert.strictEqual(decodeWrapperName('U400000')?.endpoint, '127.0.0.64:0');
  });

  it('rejects anything that is not a socket_wrapper name', () => {
    for (const name of ['t0A1E61', 'Z0A1E61', 'T0A1E6', 'T0A1E611', 'T0G1E61', 'capture.pcap', '']) {
      assert.strictEqual(decodeWrapperName(name), undefined, name);
    }
  });

  it('decodes a full path by its last component', () => {
    assert.strictEqual(decodeWrapperPath('/tmp/swd-abc/T0B9C41')?.endpoint, '127.0.0.11:40001');
    assert.strictEqual(decodeWrapperPath('/tmp/T0A1E61/other'), undefined);
    assert.strictEqual(decodeWrapperPath(null), undefined);
  });

  it('writes IPv6 interface ids as two hex digits', () => {
    assert.strictEqual(emulatedIp('ipv6', 1), 'fd00::5357:5f01');
    assert.strictEqual(emulatedIp('ipv6', 64), 'fd00::5357:5f40');
    assert.strictEqual(emulatedIp('ipv4', 64, '10.53.57.0'), '10.53.57.64');
  });
});
