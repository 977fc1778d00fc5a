// The prefork sample (samples/prefork) under the real libsocket_wrapper with the fd tracer:
// a C server that accepts TCP connections and passes each to a pre-forked worker over a
// socketpair, and a client in the same session and trace. The handoffs must be exactly the
// connections the server says it passed, to the workers that say they got them.
import * as assert from 'assert';
import * as path from 'path';
import { holdersAt } from '../../../extension/fdtrace/ownership';
import { ensureCliBuilt, removeDir, shortTmpDir, swdebug } from '../helpers';
import { analyse, buildPrograms, fdsJson, tracerOrFail, type Programs } from './support';

describe('fd tracer: the prefork sample (real socket_wrapper)', function () {
  this.timeout(60_000);
  let bin: string;
  let progs: Programs;
  let work: string;

  before(function () {
    this.timeout(180_000);
    tracerOrFail();
    ensureCliBuilt();
    bin = shortTmpDir('swfp-');
    progs = buildPrograms(bin);
  });
  after(() => removeDir(bin));
  beforeEach(() => (work = shortTmpDir('swfq-')));
  afterEach(() => removeDir(work));

  it('shows every accepted connection passed from the server to its worker, with its emulated addresses', async () => {
    const trace = path.join(work, 'fd.trace');
    const common = ['--dir', work, '--no-capture', '--fd-trace', trace];
    const server = swdebug([...common, '--iface', '10', '--', progs.server, '--port', '7331', '--workers', '3', '--count', '6']);
    await server.waitForLine(/^listening on 127\.0\.0\.10:7331 with 3 workers$/);
    const client = await swdebug([...common, '--iface', '11', '--', progs.client, '--port', '7331', '--count', '6']).done;
    assert.strictEqual(client.code, 0, client.stderr);
    const served = await server.done;
    assert.strictEqual(served.code, 0, served.stderr);

    const passed = [...served.stdout.matchAll(/^passed connection from (\S+) \(fd (\d+)\) to worker (\d+)$/gm)].map((m) => ({ remote: m[1], fd: Number(m[2]), worker: Number(m[3]) }));
    const got = new Map([...served.stdout.matchAll(/^worker (\d+): connection from (\S+) \(fd (\d+)\)$/gm)].map((m) => [m[2], { worker: Number(m[1]), fd: Number(m[3]) }]));
    assert.strictEqual(passed.length, 6);
    const handoffs = fdsJson(trace);
    const serverPid = handoffs[0]?.fromPid;
    assert.deepStrictEqual(
      handoffs.map((h) => ({ from: h.fromPid, fromFd: h.fromFd, to: h.toPid, toFd: h.toFd, kind: h.kind, local: h.local, remote: h.remote, direction: h.direction, state: h.state })),
      passed.map((p) => ({ from: serverPid, fromFd: p.fd, to: p.worker, toFd: got.get(p.remote)?.fd, kind: 'tcp', local: '127.0.0.10:7331', remote: p.remote, direction: 'in', state: 'received' })),
    );
    assert.strictEqual(new Set(handoffs.map((h) => h.toPid)).size, 3, 'round robin over the three workers');
    assert.strictEqual(new Set(handoffs.map((h) => h.via)).size, 3, 'one socketpair per worker');

    const { analysis } = await analyse(trace);
    const workers = analysis.processes.filter((p) => p.ppid === serverPid);
    assert.deepStrictEqual(workers.map((w) => w.exit), [0, 1, 2].map(() => ({ kind: 'exited', code: 0 })));
    assert.ok(analysis.processes.some((p) => p.argv.some((a) => a.endsWith('prefork-client'))), 'the client is in the same trace');
    assert.strictEqual(analysis.finished, true);
    // Both ends of each connection are known: the worker holds the server side once it has
    // received it, the client its own side.
    for (const h of analysis.handoffs) {
      assert.ok(h.local !== null && h.remote !== null && h.receivedTime !== null);
      const holders = holdersAt(analysis, h.local, h.remote, h.receivedTime);
      assert.ok(holders.includes(h.toPid ?? -1), `worker ${h.toPid} holds ${h.remote} at its receipt: ${holders}`);
      const clientPid = analysis.processes.find((p) => p.argv.some((a) => a.endsWith('prefork-client')))?.pid;
      assert.ok(holders.includes(clientPid ?? -1), `the client holds its end: ${holders}`);
    }
  });
});
