// How the Sockets tree groups rows: session -> process -> socket, and its message nodes.
import * as assert from 'assert';
import { processChildren, sessionChildren, type ProcessNode } from '../../../extension/sockets/host/nodes';
import type { PollTarget } from '../../../extension/sockets/poller';
import { joinRows } from '../../../extension/sockets/rows';
import { snapshotFromNative } from '../../../extension/sockets/snapshot';
import { nativeFixture } from './fixtures';

describe('Sockets tree grouping', () => {
  const target: PollTarget = { name: 'echo', dir: '/tmp/swx', ipv4Network: '127.0.0.0' };
  const rows = joinRows(snapshotFromNative(nativeFixture('sockdiag-tcp-udp-ipv6.json')));

  it('groups a session\'s rows by process, in row order', () => {
    const children = sessionChildren({ target, listing: { source: 'sock_diag', rows, notice: null } });
    assert.deepStrictEqual(
      children.map((c) => (c.kind === 'process' ? `${c.program} ${c.pid} ${c.rows.length}` : c.kind)),
      ['python3 15444 4', 'python3 15556 4'],
    );
    const sockets = processChildren(children[0] as ProcessNode);
    assert.deepStrictEqual(sockets.map((s) => s.row.fd), [3, 4, 5, 6]);
    assert.ok(sockets.every((s) => s.session === 'echo'));
  });

  it('shows why a session has no rows: an error, or the first poll not done yet', () => {
    assert.deepStrictEqual(sessionChildren({ target, error: 'socket directory /tmp/swx does not exist' }), [
      { kind: 'message', session: 'echo', text: 'socket directory /tmp/swx does not exist', error: true },
    ]);
    assert.strictEqual(sessionChildren({ target })[0].kind, 'message');
    assert.deepStrictEqual(sessionChildren({ target, listing: { source: 'proc', rows: [], notice: 'x' } }), []);
  });
});
