// The argument contract of `swdebug sockets`.
import * as assert from 'assert';
import { parseSocketsArgs } from '../../../extension/sockets/cliArgs';

describe('swdebug sockets arguments', () => {
  it('takes --dir, --json and --ipv4-network, in either spelling', () => {
    assert.deepStrictEqual(parseSocketsArgs(['--dir', '/tmp/d']), { dir: '/tmp/d', json: false, ipv4Network: '127.0.0.0' });
    assert.deepStrictEqual(parseSocketsArgs(['--json', '--dir=/tmp/d', '--ipv4-network', '10.53.57.0']), { dir: '/tmp/d', json: true, ipv4Network: '10.53.57.0' });
    assert.deepStrictEqual(parseSocketsArgs(['--ipv4-network=127.0.0.0', '--dir', '/x']), { dir: '/x', json: false, ipv4Network: '127.0.0.0' });
  });

  it('asks for help', () => {
    assert.deepStrictEqual(parseSocketsArgs(['--dir', '/x', '--help']), { help: true });
  });

  it('names what is wrong', () => {
    assert.deepStrictEqual(parseSocketsArgs([]), { error: 'no socket directory given (--dir DIR)' });
    assert.deepStrictEqual(parseSocketsArgs(['--dir']), { error: '--dir needs a directory' });
    assert.deepStrictEqual(parseSocketsArgs(['--dir', '/x', '--ipv4-network', '192.168.0.0']), { error: '--ipv4-network must be 127.0.0.0 or 10.53.57.0, not "192.168.0.0"' });
    assert.deepStrictEqual(parseSocketsArgs(['--dir', '/x', 'extra']), { error: 'unknown argument "extra"' });
  });
});
