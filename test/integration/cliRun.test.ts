// `swdebug run` end to end, with the real libsocket_wrapper and real C, Python and Node
// programs: one emulated network per socket directory, the capture, exit codes, stopping a
// forking server, and the errors a user sees. Needs dist/cli.js (built here when stale).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildCFixtures, ensureCliBuilt, FIXTURES, isAlive, removeDir, shortTmpDir, swdebug } from './helpers';
import { tcpSyns } from './pcap';

/** The direct children of a process, from /proc (the wrapped program under swdebug). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    out.push(...text.split(/\s+/).filter(Boolean).map(Number));
  }
  return out;
}

describe('swdebug run (real socket_wrapper)', () => {
  let bin: string;
  let progs: { server: string; client: string };
  const py = path.join(FIXTURES, 'echo_server.py');
  const pyClient = path.join(FIXTURES, 'echo_client.py');
  const js = path.join(FIXTURES, 'echo_server.js');
  const jsClient = path.join(FIXTURES, 'echo_client.js');

  before(function () {
    this.timeout(180000);
    ensureCliBuilt();
    bin = shortTmpDir('swb-');
    progs = buildCFixtures(bin);
  });
  after(() => removeDir(bin));

  it('puts C, Python and Node servers and clients on one emulated network and captures it', async () => {
    const dir = shortTmpDir();
    try {
      const common = ['--dir', dir, '--capture'];
      const cServer = swdebug([...common, '--iface', '10', '--', progs.server, '7001', '--count', '1']);
      const pyServer = swdebug([...common, '--iface', '20', '--', 'python3', py, '7002']);
      const jsServer = swdebug([...common, '--iface', '30', '--', process.execPath, js, '7003']);
      await Promise.all([cServer, pyServer, jsServer].map((s) => s.waitForLine(/^listening on /)));

      const cClient = swdebug([...common, '--iface', '11', '--', progs.client, '127.0.0.20', '7002', 'from-c']);
      const pyClientRun = swdebug([...common, '--iface', '12', '--', 'python3', pyClient, '127.0.0.30', '7003', 'from-py']);
      const jsClientRun = swdebug([...common, '--iface', '13', '--', process.execPath, jsClient, '127.0.0.10', '7001', 'from-node']);
      const clients = await Promise.all([cClient.done, pyClientRun.done, jsClientRun.done]);
      clients.forEach((c, i) => assert.strictEqual(c.code, 0, `client ${i}: ${c.stdout}${c.stderr}`));
      assert.match(clients[0].stdout, /connected from 127\.0\.0\.11:\d+\necho: from-c/);
      assert.match(clients[1].stdout, /connected from 127\.0\.0\.12:\d+\necho: from-py/);
      assert.match(clients[2].stdout, /connected from 127\.0\.0\.13:\d+\necho: from-node/);

      const servers = await Promise.all([cServer.done, pyServer.done, jsServer.done]);
      servers.forEach((s, i) => assert.strictEqual(s.code, 0, `server ${i}: ${s.stdout}${s.stderr}`));
      assert.match(servers[0].stdout, /child \d+: connection from 127\.0\.0\.13:\d+/);
      assert.match(servers[1].stdout, /connection from 127\.0\.0\.11:\d+/);
      assert.match(servers[2].stdout, /connection from 127\.0\.0\.12:\d+/);

      const syns = tcpSyns(fs.readFileSync(path.join(dir, 'capture.pcap')));
      for (const [dst, port] of [['127.0.0.10', 7001], ['127.0.0.20', 7002], ['127.0.0.30', 7003]] as const) {
        assert.ok(syns.some((s) => s.dst === dst && s.dstPort === port), `a SYN to ${dst}:${port} in ${JSON.stringify(syns)}`);
      }
      assert.ok(fs.existsSync(dir), 'a named --dir is kept');
    } finally {
      removeDir(dir);
    }
  });

  it('exits with the program\'s exit code, and 128+N when it dies of signal N', async () => {
    assert.strictEqual((await swdebug(['--', 'sh', '-c', 'exit 7']).done).code, 7);
    assert.strictEqual((await swdebug(['--', 'sh', '-c', 'kill -TERM $$']).done).code, 143);
  });

  it('removes its private directory, but keeps one holding the capture asked for', async () => {
    const plain = await swdebug(['--', 'sh', '-c', 'echo "$SOCKET_WRAPPER_DIR"']).done;
    const privateDir = plain.stdout.trim();
    assert.match(privateDir, /^\/tmp\/swd-/);
    assert.ok(!fs.existsSync(privateDir), `${privateDir} removed`);

    const udp = "import os,socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.10', 5000)); " +
      "s.sendto(b'x', ('127.0.0.10', 5000)); s.recv(10); print(os.environ['SOCKET_WRAPPER_DIR'])";
    const captured = await swdebug(['--capture', '--', 'python3', '-c', udp]).done;
    assert.strictEqual(captured.code, 0, captured.stderr);
    const dir = captured.stdout.trim();
    try {
      assert.ok(captured.stderr.includes(`swdebug: capture kept in ${dir}/capture.pcap`), captured.stderr);
      assert.ok(fs.statSync(path.join(dir, 'capture.pcap')).size > 24);
    } finally {
      removeDir(dir);
    }
  });

  it('SIGTERM stops a forking server together with its per-connection children', async () => {
    const dir = shortTmpDir();
    try {
      const server = swdebug(['--dir', dir, '--no-capture', '--', progs.server, '7010']);
      await server.waitForLine(/^listening on /);
      const client = swdebug(['--dir', dir, '--no-capture', '--iface', '11', '--', progs.client, '127.0.0.10', '7010', 'hold', '--hold']);
      await client.waitForLine(/^echo: hold$/);
      const child = Number((await server.waitForLine(/^child (\d+): connection from 127\.0\.0\.11:/))[1]);
      const [serverPid] = childrenOf(server.child.pid as number);
      assert.ok(isAlive(serverPid) && isAlive(child), 'server and its child run before Stop');

      server.child.kill('SIGTERM');
      const ended = await server.done;
      assert.strictEqual(ended.code, 128 + 15, ended.stderr);
      assert.ok(!isAlive(serverPid), `server ${serverPid} is gone`);
      assert.ok(!isAlive(child), `per-connection child ${child} is gone`);

      client.child.kill('SIGINT');
      assert.strictEqual((await client.done).code, 128 + 15, 'the held client is stopped with SIGTERM');
    } finally {
      removeDir(dir);
    }
  });

  it('reports a missing library, a missing program and a too long directory, with exit code 2', async () => {
    const lib = await swdebug(['--library', '/nonexistent/libsocket_wrapper.so', '--', 'true']).done;
    assert.strictEqual(lib.code, 2);
    assert.match(lib.stderr, /^swdebug: libsocket_wrapper not found at "\/nonexistent\/libsocket_wrapper\.so"/);

    const prog = await swdebug(['--', 'no-such-program-swdebug']).done;
    assert.strictEqual(prog.code, 2);
    assert.match(prog.stderr, /^swdebug: program "no-such-program-swdebug" not found on PATH \(cwd .*; PATH searched: /);

    const longDir = `/tmp/${'d'.repeat(100)}`;
    const long = await swdebug(['--dir', longDir, '--', 'true']).done;
    assert.strictEqual(long.code, 2);
    assert.match(long.stderr, /^swdebug: socket directory "\/tmp\/d+" is too long: a socket path in it needs 114 bytes .* sun_path holds 108/);
    assert.ok(!fs.existsSync(longDir), 'nothing created for a rejected directory');

    const iface = await swdebug(['--iface', '65', '--', 'true']).done;
    assert.strictEqual(iface.code, 2);
    assert.match(iface.stderr, /^swdebug: --iface: must be an integer from 1 to 64 \(got 65\)/);
  });

  it('explains "No route to host" from a client whose server is not running', async () => {
    const res = await swdebug(['--', progs.client, '127.0.0.10', '7999', 'x']).done;
    assert.strictEqual(res.code, 1);
    assert.match(res.stderr, /No route to host/);
    assert.match(res.stderr, /swdebug: hint: Under socket_wrapper, "No route to host" \(EHOSTUNREACH\) means nothing listens/);
  });
});
