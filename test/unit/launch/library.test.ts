// findSocketWrapperLibrary's search order, with an injected probe instead of the system.
import * as assert from 'assert';
import { findSocketWrapperLibrary, parseLdconfig, type LibraryProbe } from '../../../extension/launch/library';

function probe(files: string[], commands: Record<string, string> = {}): LibraryProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async exists(file) {
      asked.push(file);
      return files.includes(file);
    },
    async run(cmd, args) {
      asked.push(`$ ${cmd} ${args.join(' ')}`);
      return commands[`${cmd} ${args.join(' ')}`];
    },
  };
}

const LDCONFIG = `3 libs found in cache \`/etc/ld.so.cache'
\tlibsocket_wrapper_noop.so (libc6,x86-64) => /lib/x86_64-linux-gnu/libsocket_wrapper_noop.so
\tlibsocket_wrapper.so (libc6) => /lib32/libsocket_wrapper.so
\tlibsocket_wrapper.so (libc6,x86-64) => /lib/x86_64-linux-gnu/libsocket_wrapper.so
`;

describe('findSocketWrapperLibrary', () => {
  it('uses the launch attribute first, then the setting, without searching', async () => {
    const p = probe(['/a/lib.so', '/s/lib.so']);
    assert.deepStrictEqual(await findSocketWrapperLibrary({ override: '/a/lib.so', setting: '/s/lib.so' }, p), { path: '/a/lib.so', source: 'attribute' });
    assert.deepStrictEqual(await findSocketWrapperLibrary({ setting: '/s/lib.so' }, p), { path: '/s/lib.so', source: 'setting' });
    assert.ok(!p.asked.some((a) => a.startsWith('$')), 'no command was run');
  });

  it('resolves a relative explicit path against baseDir', async () => {
    assert.deepStrictEqual(await findSocketWrapperLibrary({ override: 'lib/x.so', baseDir: '/ws' }, probe(['/ws/lib/x.so'])), { path: '/ws/lib/x.so', source: 'attribute' });
  });

  it('fails on an explicit path that does not exist instead of falling through', async () => {
    const p = probe(['/lib/x86_64-linux-gnu/libsocket_wrapper.so']);
    await assert.rejects(findSocketWrapperLibrary({ override: '/nope.so' }, p), { code: 'library-not-found', message: /"\/nope\.so" \(from the launch attribute socketWrapper\.library\)/ });
    await assert.rejects(findSocketWrapperLibrary({ setting: '/nope.so' }, p), { message: /from the setting socketWrapper\.libraryPath/ });
  });

  it('asks pkg-config libdir, then the Libs path, then ldconfig, then the standard dirs', async () => {
    const libdir = probe(['/opt/sw/lib/libsocket_wrapper.so'], { 'pkg-config --variable=libdir socket_wrapper': '/opt/sw/lib\n' });
    assert.deepStrictEqual(await findSocketWrapperLibrary({}, libdir), { path: '/opt/sw/lib/libsocket_wrapper.so', source: 'pkg-config' });

    // Debian's .pc has no libdir; its Libs is the full path.
    const debian = probe(['/usr/lib/x86_64-linux-gnu/libsocket_wrapper.so'], { 'pkg-config --libs socket_wrapper': '/usr/lib/x86_64-linux-gnu/libsocket_wrapper.so \n' });
    assert.deepStrictEqual(await findSocketWrapperLibrary({}, debian), { path: '/usr/lib/x86_64-linux-gnu/libsocket_wrapper.so', source: 'pkg-config' });

    const cache = probe(['/lib/x86_64-linux-gnu/libsocket_wrapper.so', '/usr/lib64/libsocket_wrapper.so'], { 'ldconfig -p': LDCONFIG });
    assert.deepStrictEqual(await findSocketWrapperLibrary({}, cache), { path: '/lib/x86_64-linux-gnu/libsocket_wrapper.so', source: 'ldconfig' });

    const sbin = probe(['/lib/x86_64-linux-gnu/libsocket_wrapper.so'], { '/sbin/ldconfig -p': LDCONFIG });
    assert.strictEqual((await findSocketWrapperLibrary({}, sbin)).source, 'ldconfig');

    const dirs = probe(['/usr/local/lib/libsocket_wrapper.so.0']);
    assert.deepStrictEqual(await findSocketWrapperLibrary({}, dirs), { path: '/usr/local/lib/libsocket_wrapper.so.0', source: 'standard-dir' });
    const order = dirs.asked.filter((a) => a.startsWith('$'));
    assert.deepStrictEqual(order, ['$ pkg-config --variable=libdir socket_wrapper', '$ pkg-config --libs socket_wrapper', '$ ldconfig -p', '$ /sbin/ldconfig -p']);
    assert.ok(dirs.asked.indexOf('/usr/lib64/libsocket_wrapper.so') < dirs.asked.indexOf('/usr/local/lib/libsocket_wrapper.so.0'));
  });

  it('says where it looked and how to install it when nothing is found', async () => {
    await assert.rejects(findSocketWrapperLibrary({}, probe([])), (err: Error & { code?: string; hint?: string }) => {
      assert.strictEqual(err.code, 'library-not-found');
      for (const text of ['pkg-config socket_wrapper', 'ldconfig -p', '/usr/lib64', '/usr/lib/x86_64-linux-gnu', 'sudo apt install libsocket-wrapper', 'sudo dnf install socket_wrapper', 'sudo zypper install socket_wrapper', 'AUR']) {
        assert.ok(err.message.includes(text), `message mentions ${text}: ${err.message}`);
      }
      assert.match(err.hint ?? '', /socketWrapper\.libraryPath/);
      return true;
    });
  });
});

describe('parseLdconfig', () => {
  it('lists this architecture first and ignores other libraries', () => {
    assert.deepStrictEqual(parseLdconfig(LDCONFIG, 'x64'), ['/lib/x86_64-linux-gnu/libsocket_wrapper.so', '/lib32/libsocket_wrapper.so']);
  });
});
