// The launch engine used directly, as the extension host uses it: prepareLaunch + startProgram
// + stop() on a real forking server whose children leave its process group with setsid().
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeLaunchConfig } from '../../extension/launch/options';
import { prepareLaunch } from '../../extension/launch/prepare';
import { startProgram, type RunningProgram } from '../../extension/launch/processTree';
import { removeSessionDir } from '../../extension/launch/sessionDir';
import { buildCFixtures, isAlive, removeDir, shortTmpDir } from './helpers';

/** Collects a program's stdout from the start, so lines printed before a wait are not missed. */
function collect(program: RunningProgram): (re: RegExp) => Promise<RegExpMatchArray> {
  let seen = '';
  let waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  program.onOutput((stream, text) => {
    if (stream === 'stdout') {
      seen += text;
      waiters = waiters.filter((w) => {
        const m = w.re.exec(seen);
        if (m) {
          w.resolve(m);
        }
        return !m;
      });
    }
  });
  return (re) => {
    const m = re.exec(seen);
    if (m) {
      return Promise.resolve(m);
    }
    return new Promise((resolve, reject) => {
      waiters.push({ re, resolve });
      void program.exit.then((e) => reject(new Error(`exited ${JSON.stringify(e)} before ${re}: ${seen}`)));
    });
  };
}

describe('launch engine (real socket_wrapper)', () => {
  let bin: string;
  let progs: { server: string; client: string };

  before(function () {
    this.timeout(60000);
    bin = shortTmpDir('swb-');
    progs = buildCFixtures(bin);
  });
  after(() => removeDir(bin));

  it('stop() ends a forking server and children that called setsid(), leaving nothing in /proc', async () => {
    const serverCfg = normalizeLaunchConfig({ program: progs.server, args: ['7020', '--setsid-children'], cwd: bin, socketWrapper: { defaultIface: 10 } }, { cwd: bin });
    const server = await prepareLaunch(serverCfg, { baseEnv: process.env });
    assert.ok(server.dirOwned);
    assert.strictEqual(server.pcapFile, path.join(server.dir, 'capture.pcap'));
    assert.ok(!fs.existsSync(server.pcapFile), 'the capture file is left for socket_wrapper to create');
    const clientCfg = normalizeLaunchConfig({ program: progs.client, args: ['127.0.0.10', '7020', 'x', '--hold'], socketWrapper: { defaultIface: 11 } }, { cwd: bin });
    const client = await prepareLaunch(clientCfg, { baseEnv: process.env, sessionDir: server.dir });
    assert.strictEqual(client.dir, server.dir);
    assert.ok(!client.dirOwned);

    const s = startProgram(server.programPath, server.args, server.cwd, server.env);
    const serverOut = collect(s);
    // The client starts only once the server listens: before that, connect() fails with
    // EHOSTUNREACH under socket_wrapper and the client exits.
    await serverOut(/listening on /);
    const c = startProgram(client.programPath, client.args, client.cwd, client.env);
    const clientOut = collect(c);
    try {
      await clientOut(/echo: x/);
      const child = Number((await serverOut(/child (\d+): connection from 127\.0\.0\.11/))[1]);
      const sid = fs.readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1].split(' ')[3];
      assert.strictEqual(Number(sid), child, 'the child leads its own session (setsid)');

      await s.stop(2000);
      assert.ok(!isAlive(s.pid), 'server gone');
      assert.ok(!isAlive(child), 'setsid child gone');
      assert.deepStrictEqual(await s.exit, { code: null, signal: 'SIGTERM' });
    } finally {
      await c.stop(500);
      await s.stop(0);
      removeSessionDir(server.dir);
    }
    assert.ok(fs.statSync(path.join(server.dir, '..')).isDirectory());
  });

  it('stop() falls back to SIGKILL when the program ignores SIGTERM', async () => {
    const cfg = normalizeLaunchConfig({ program: 'sh', args: ['-c', "trap '' TERM; echo ready; while :; do sleep 1; done"] }, { cwd: bin });
    const prepared = await prepareLaunch(cfg, { baseEnv: process.env });
    const p = startProgram(prepared.programPath, prepared.args, prepared.cwd, prepared.env);
    const out = collect(p);
    try {
      await out(/ready/);
      const started = Date.now();
      await p.stop(300);
      assert.ok(Date.now() - started >= 300, 'waited for the grace period');
      assert.deepStrictEqual(await p.exit, { code: null, signal: 'SIGKILL' });
    } finally {
      removeSessionDir(prepared.dir);
    }
  });

  it('a spawn failure is a LaunchError, not a crash', () => {
    assert.throws(() => startProgram('/nonexistent/prog', [], '/', {}), { name: 'LaunchError', code: 'program-not-found' });
    assert.throws(() => startProgram('/bin/true', [], '/nonexistent-cwd', {}), { name: 'LaunchError', code: 'cwd-missing' });
  });
});
