// The Sockets view's rows with the fd trace as endpoint resolver (what the view does for a
// session with a trace): a socket the kernel cannot name gets the emulated addresses the
// program itself saw, found by its inode in the trace; a named one keeps the kernel's.
import * as assert from 'assert';
import { analyzeTrace } from '../../../extension/fdtrace/analyze';
import { traceEndpointResolver } from '../../../extension/fdtrace/ownership';
import { joinRows } from '../../../extension/sockets/rows';
import { snapshotFromNative, type SocketSnapshot } from '../../../extension/sockets/snapshot';
import { rec } from '../fdtrace/traceLines';
import { nativeFixture } from './fixtures';

describe('Sockets rows named from the fd trace', () => {
  it('fills the addresses of a socket the kernel has no name for from the trace, by inode', () => {
    const fixture = snapshotFromNative(nativeFixture('sockdiag-tcp-udp-ipv6.json'));
    // The client's connection (inode 150914) lost its name, as an unnamed or closed socket does.
    const snapshot: SocketSnapshot = { ...fixture, sockets: fixture.sockets.map((s) => (s.inode === 150914 ? { ...s, name: null, peer: 0 } : s)) };
    const before = joinRows(snapshot).find((r) => r.inode === 150914);
    assert.deepStrictEqual([before?.local, before?.remote], [null, null]);

    const analysis = analyzeTrace([
      rec('start', 100, 15556, { ppid: 1, exe: '/bin/client', argv: 'client' }),
      rec('connect', 110, 15556, { fd: 3, kind: 'sock', obj: '0:150914', fam: 'inet', stype: 'stream', local: '127.0.0.11:25556', remote: '127.0.0.10:7777' }),
      // A unix socket of the trace never names an emulated one.
      rec('socket', 120, 15556, { fd: 9, kind: 'sock', obj: '0:151587', fam: 'unix', stype: 'stream', local: '/tmp/x.sock' }),
    ]);
    const rows = joinRows(snapshot, { resolveEndpoint: traceEndpointResolver(analysis) });
    const client = rows.find((r) => r.inode === 150914);
    assert.deepStrictEqual([client?.local, client?.remote], ['127.0.0.11:25556', '127.0.0.10:7777']);
    const accepted = rows.find((r) => r.inode === 151587);
    assert.strictEqual(accepted?.local, '127.0.0.10:7777', 'the kernel\'s name wins');
  });
});
