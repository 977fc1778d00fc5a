// Parsing /proc/net/unix, the fallback socket source when the native addon is missing.
import * as assert from 'assert';
import { parseProcNetUnix } from '../../../extension/sockets/procNetUnix';
import { textFixture } from './fixtures';

describe('/proc/net/unix', () => {
  const entries = parseProcNetUnix(textFixture('proc-net-unix-tcp-udp-ipv6.txt'));

  it('reads path, inode, type and state, skipping connections not accepted yet (inode 0)', () => {
    assert.deepStrictEqual(
      entries.map((e) => `${e.inode} ${e.type} ${e.kernelState} ${e.path}`),
      [
        '150914 stream established /tmp/swx/T0B63D4',
        '150915 stream established /tmp/swx/T0B63D5',
        '150916 dgram established /tmp/swx/U0B63D6',
        '150917 stream established /tmp/swx/X0B63D7',
        '151584 stream listen /tmp/swx/T0A1E61',
        '151585 dgram established /tmp/swx/U0A14E9',
        '151587 stream established /tmp/swx/T0A1E61',
        '151586 stream listen /tmp/swx/X0A22B8',
      ],
    );
  });

  it('keeps unnamed sockets and paths with spaces', () => {
    const text = [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '0000000000000000: 00000002 00000000 00000000 0001 01 4242',
      '0000000000000000: 00000002 00000000 00000000 0005 03 4343 /tmp/a dir/T0A1E61',
      'garbage line',
    ].join('\n');
    assert.deepStrictEqual(parseProcNetUnix(text), [
      { inode: 4242, type: 'stream', kernelState: 'unconnected', path: null },
      { inode: 4343, type: 'seqpacket', kernelState: 'established', path: '/tmp/a dir/T0A1E61' },
    ]);
  });
});
