// `swdebug sockets` from the package's bin on real programs under socket_wrapper: the JSON
// contract other tools script against, the table, and errors on stderr with a non-zero exit.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, ensureCliBuilt, ROOT } from '../helpers';
import { startPeers, type WrappedPeers } from './wrappedPeers';

/** dist/cli.js must include the sockets sources too; helpers only watch cli/ and launch/. */
function ensureSocketsInCli(): void {
  ensureCliBuilt();
  const bundle = path.join(ROOT, 'dist', 'cli.js');
  const dir = path.join(ROOT, 'extension', 'sockets');
  const newest = Math.max(...fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
  if (fs.statSync(bundle).mtimeMs < newest) {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'webpack'), ['--mode', 'production', '--config-name', 'cli'], { cwd: ROOT, stdio: 'pipe' });
  }
}

function swdebug(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'sockets', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('swdebug sockets', function () {
  this.timeout(120_000);
  let peers: WrappedPeers;

  before(async () => {
    ensureSocketsInCli();
    peers = await startPeers();
  });
  after(async () => {
    await peers?.stop();
  });

  it('prints a JSON array of rows with the documented fields', () => {
    const r = swdebug('--dir', peers.dir, '--json');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stderr, '', 'the addon is there: no notice');
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(rows) && rows.length === 8);
    for (const row of rows) {
      for (const field of ['pid', 'fd', 'proto', 'local', 'remote', 'state', 'rq', 'wq', 'peerPid', 'unixPath']) {
        assert.ok(field in row, `row lacks ${field}: ${JSON.stringify(row)}`);
      }
    }
    const accepted = rows.find((row) => row.pid === peers.server.child.pid && row.fd === peers.accepted.fd);
    assert.deepStrictEqual(
      accepted && [accepted.proto, accepted.local, accepted.remote, accepted.state, accepted.rq, accepted.peerPid, accepted.unixPath],
      ['tcp', '127.0.0.10:7777', peers.clientReady.ready.tcp, 'established', 3, peers.client.child.pid, `${peers.dir}/T0A1E61`],
    );
  });

  it('prints a table, on 10.53.57.0 when asked', () => {
    const r = swdebug('--dir', peers.dir, '--ipv4-network', '10.53.57.0');
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^PID\s+FD\s+PROGRAM\s+PROTO\s+LOCAL\s+REMOTE\s+STATE\s+RQ\s+WQ\s+PEER\s+INODE$/);
    assert.strictEqual(lines.length, 9);
    assert.ok(lines.some((l) => /python3\s+TCP\s+10\.53\.57\.10:7777\s+\*\s+listen\s+1p\s+5b/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /python3\s+UDP\s+10\.53\.57\.10:5353\s+\*\s+bound\s+7\s/.test(l)), r.stdout);
  });

  it('names the problem on stderr and exits non-zero', () => {
    const missing = swdebug('--dir', path.join(peers.dir, 'nope'));
    assert.strictEqual(missing.code, 1);
    assert.strictEqual(missing.stdout, '');
    assert.match(missing.stderr, /^swdebug sockets: socket directory \S+nope does not exist \(ENOENT\)\n$/);
    const usage = swdebug('--ipv4-network', '192.168.1.0', '--dir', peers.dir);
    assert.strictEqual(usage.code, 2);
    assert.match(usage.stderr, /--ipv4-network must be 127\.0\.0\.0 or 10\.53\.57\.0/);
    const none = swdebug();
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /no socket directory given/);
  });
});
